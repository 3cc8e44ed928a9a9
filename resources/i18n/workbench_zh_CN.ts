<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Language</name>
    <message>
        <location filename="../../workbench/gui/i18n.py" line="+29"/>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
