<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>About</name>
    <message>
        <location filename="../../workbench/gui/about.py" line="+66"/>
        <source>About Image Workbench</source>
        <translation>关于 Image Workbench</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Craft Docker images visually: layers, files, overlay filesystem, sizes.</source>
        <translation>以可视化方式打造 Docker 镜像：层、文件、overlay 文件系统、大小。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Licence: {licence}</source>
        <translation>许可证：{licence}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documentation</source>
        <translation>文档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report a problem</source>
        <translation>报告问题</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Report a &amp;problem (copy versions)</source>
        <translation>报告问题（复制版本信息）(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Versions copied to the clipboard: paste them into the report.</source>
        <translation>版本信息已复制到剪贴板：请粘贴到问题报告中。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../workbench/gui/app.py" line="+88"/>
        <source>Offline mode (--offline): engine actions are disabled.</source>
        <translation>离线模式（--offline）：引擎操作已禁用。</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <location filename="../../workbench/gui/autosave.py" line="+104"/>
        <source>Recover unsaved edits</source>
        <translation>恢复未保存的编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The workbench ended without saving these documents:
{names}

Open them with the unsaved edits?</source>
        <translation>工作台上次退出时未保存以下文档：
{names}

是否打开它们并恢复未保存的编辑？</translation>
    </message>
</context>
<context>
    <name>BuildController</name>
    <message>
        <location filename="../../workbench/gui/build_controller.py" line="+46"/>
        <source>The build args cannot be read ({error}): write them as NAME=value separated by spaces.</source>
        <translation>无法读取构建参数（{error}）：请写成以空格分隔的 NAME=value。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The build arg {arg} has no value: write it as NAME=value.</source>
        <translation>构建参数 {arg} 没有值：请写成 NAME=value。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>A build is already running: wait for it or cancel it.</source>
        <translation>已有构建正在运行：请等待它完成或取消它。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Building {tag} from {path}</source>
        <translation>正在从 {path} 构建 {tag}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Built {image} in {seconds:.1f} s.</source>
        <translation>已构建 {image}，用时 {seconds:.1f} 秒。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Build cancelled; its intermediate containers were removed.</source>
        <translation>构建已取消；其中间容器已删除。</translation>
    </message>
</context>
<context>
    <name>BuildPanel</name>
    <message>
        <location filename="../../workbench/gui/docks/build_panel.py" line="+37"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer size</source>
        <translation>层大小</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No build yet.</source>
        <translation>尚未构建。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel build</source>
        <translation>取消构建</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>starting</source>
        <translation>正在开始</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>step {step}/{total}</source>
        <translation>步骤 {step}/{total}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dockerfile lines {start}–{end}</source>
        <translation>Dockerfile 第 {start}–{end} 行</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+3"/>
        <source>cached</source>
        <translation>已缓存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>built</source>
        <translation>已构建</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>built {image} {tags} in {duration}</source>
        <translation>已构建 {image} {tags}，用时 {duration}</translation>
    </message>
</context>
<context>
    <name>CodeEditor</name>
    <message>
        <location filename="../../workbench/gui/editor/code_editor.py" line="+197"/>
        <source>{severity}: {message} [{rule}]</source>
        <translation>{severity}：{message} [{rule}]</translation>
    </message>
</context>
<context>
    <name>DocumentTab</name>
    <message>
        <location filename="../../workbench/gui/editor/tabs.py" line="+47"/>
        <source>Untitled {number}</source>
        <translation>未命名 {number}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cannot save {path} ({reason}): pick another place with Save As.</source>
        <translation>无法保存 {path}（{reason}）：请用“另存为”选择其他位置。</translation>
    </message>
</context>
<context>
    <name>EditorArea</name>
    <message>
        <location line="+65"/>
        <source>Cannot open {path} ({reason}): check the path and its permissions.</source>
        <translation>无法打开 {path}（{reason}）：请检查路径及其权限。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{document} has unsaved changes. Save them?</source>
        <translation>{document} 有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save Dockerfile as</source>
        <translation>Dockerfile 另存为</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not saved yet</source>
        <translation>尚未保存</translation>
    </message>
</context>
<context>
    <name>EngineCleanup</name>
    <message>
        <location filename="../../workbench/gui/engine_cleanup.py" line="+21"/>
        <source>remove {object}</source>
        <translation>删除 {object}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>keep {object}: {why}</source>
        <translation>保留 {object}：{why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove 1 throwaway object the workbench made at {endpoint}?</source>
        <translation>删除工作台在 {endpoint} 创建的 1 个临时对象？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove {count} throwaway objects the workbench made at {endpoint}?</source>
        <translation>删除工作台在 {endpoint} 创建的 {count} 个临时对象？</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+5"/>
        <source>Clean up</source>
        <translation>清理</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Nothing to remove at {endpoint}.</source>
        <translation>{endpoint} 上没有需要删除的对象。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>See the details for the full list.</source>
        <translation>完整列表见详细信息。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Removed {count} throwaway object(s).</source>
        <translation>已删除 {count} 个临时对象。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not remove {objects}.</source>
        <translation>无法删除 {objects}。</translation>
    </message>
</context>
<context>
    <name>EngineStatus</name>
    <message>
        <location filename="../../workbench/gui/engine_status.py" line="+22"/>
        <source>Engine support is not installed in this build: reinstall image-workbench with its docker dependency.</source>
        <translation>此版本未安装引擎支持：请连同 docker 依赖重新安装 image-workbench。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Connecting to the Docker engine…</source>
        <translation>正在连接 Docker 引擎…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Connecting to {endpoint}…</source>
        <translation>正在连接 {endpoint}…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connecting to the default Docker engine…</source>
        <translation>正在连接默认的 Docker 引擎…</translation>
    </message>
</context>
<context>
    <name>EngineStatusWidgets</name>
    <message>
        <location line="+65"/>
        <source>Engine endpoint: pick another Docker context or socket</source>
        <translation>引擎端点：选择其他 Docker 上下文或套接字</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect to the engine again</source>
        <translation>重新连接引擎</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>default endpoint</source>
        <translation>默认端点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No endpoints found</source>
        <translation>未找到端点</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../workbench/gui/editor/find_bar.py" line="+16"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace all matches</source>
        <translation>替换全部匹配项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close (Escape)</source>
        <translation>关闭（Escape）</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>{count} found</source>
        <translation>找到 {count} 处</translation>
    </message>
</context>
<context>
    <name>ImageLoader</name>
    <message>
        <location filename="../../workbench/gui/image_loader.py" line="+22"/>
        <source>Image analysis is not installed in this build: reinstall image-workbench to open images.</source>
        <translation>此版本未安装镜像分析：请重新安装 image-workbench 以打开镜像。</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Analysed {image} (new layers read from the engine&apos;s storage).</source>
        <translation>已分析 {image}（新层从引擎的存储中读取）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Analysed {image} (read through the engine&apos;s save stream).</source>
        <translation>已分析 {image}（通过引擎的 save 流读取）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Analysed {image}.</source>
        <translation>已分析 {image}。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Opening the image was cancelled.</source>
        <translation>已取消打开镜像。</translation>
    </message>
</context>
<context>
    <name>ImagePicker</name>
    <message>
        <location filename="../../workbench/gui/image_picker.py" line="+38"/>
        <source>Open engine image</source>
        <translation>打开引擎中的镜像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Search by name, tag or id…</source>
        <translation>按名称、标签或 ID 搜索…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading the engine&apos;s images…</source>
        <translation>正在读取引擎中的镜像…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&lt;untagged&gt;</source>
        <translation>&lt;无标签&gt;</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{count} images in the engine.</source>
        <translation>引擎中有 {count} 个镜像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The engine has no tagged images: type a name or an id.</source>
        <translation>引擎中没有带标签的镜像：请输入名称或 ID。</translation>
    </message>
</context>
<context>
    <name>Job</name>
    <message>
        <location filename="../../workbench/gui/worker.py" line="+66"/>
        <source>{job} failed unexpectedly: {error}</source>
        <translation>{job} 意外失败：{error}</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../workbench/gui/i18n.py" line="+29"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
</context>
<context>
    <name>LayersPanel</name>
    <message>
        <location filename="../../workbench/gui/docks/layers_list.py" line="+49"/>
        <location line="+24"/>
        <source>No image analysed yet: build (Ctrl+B) or open an image.</source>
        <translation>尚未分析镜像：请构建（Ctrl+B）或打开一个镜像。</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tar</source>
        <translation>Tar</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bytes of the layer&apos;s files, as dive and the timeline count them</source>
        <translation>层中文件的字节数，与 dive 和时间线的计法相同</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The layer&apos;s uncompressed tar as the engine stores it: larger by its headers and whiteouts</source>
        <translation>引擎所存储的未压缩层 tar：因包含 tar 头和白化（whiteout）文件而更大</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>meta</source>
        <translation>元数据</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>efficiency {value}</source>
        <translation>效率 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wasted {size}</source>
        <translation>浪费 {size}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reclaimable {size}</source>
        <translation>可回收 {size}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="+80"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>A build is running: cancel it before switching or reconnecting the engine.</source>
        <translation>有构建正在运行：请先取消它，再切换或重新连接引擎。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>No Dockerfile at {path}: pick a Dockerfile or a folder that holds one.</source>
        <translation>{path} 处没有 Dockerfile：请选择一个 Dockerfile 或包含它的文件夹。</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>No Docker engine: start one or pick another endpoint.</source>
        <translation>没有 Docker 引擎：请启动一个，或选择其他端点。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a build is running</source>
        <translation>有构建正在运行</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No Docker engine: start one or pick another endpoint in the status bar.</source>
        <translation>没有 Docker 引擎：请启动一个，或在状态栏中选择其他端点。</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Language saved: the window&apos;s language changes on the next start.</source>
        <translation>语言已保存：窗口语言将在下次启动时更改。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No engine to list images from: {reason}</source>
        <translation>没有可列出镜像的引擎：{reason}</translation>
    </message>
</context>
<context>
    <name>PanelSlot</name>
    <message>
        <location filename="../../workbench/gui/panels.py" line="+124"/>
        <source>Loading the {panel} panel…</source>
        <translation>正在加载“{panel}”面板…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The {panel} panel could not be created: see the log.</source>
        <translation>无法创建“{panel}”面板：请查看日志。</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location line="-98"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Overlay</source>
        <translation>叠加视图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sizes</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Harden</source>
        <translation>加固</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Review</source>
        <translation>审查</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <location filename="../../workbench/gui/docks/problems.py" line="+21"/>
        <source>Severity</source>
        <translation>严重性</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>Severity</name>
    <message>
        <location filename="../../workbench/gui/editor/gutter.py" line="+21"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>style</source>
        <translation>风格</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../workbench/gui/shortcuts_dialog.py" line="+32"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>StepLinks</name>
    <message>
        <location filename="../../workbench/gui/step_links.py" line="+64"/>
        <source>stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>meta</source>
        <translation>元数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>base {size}</source>
        <translation>基础 {size}</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../workbench/gui/window_actions.py" line="+23"/>
        <source>Squash needs a daemon started with --experimental (dockerd --experimental, or &quot;experimental&quot;: true in daemon.json); this engine is not.</source>
        <translation>squash 需要以 --experimental 启动的守护进程（dockerd --experimental，或在 daemon.json 中设置 &quot;experimental&quot;: true）；当前引擎不是。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New Dockerfile</source>
        <translation>新建 Dockerfile(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Open Dockerfile or folder…</source>
        <translation>打开 Dockerfile 或文件夹(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open image &amp;archive or OCI layout…</source>
        <translation>打开镜像归档或 OCI 布局(&amp;A)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open engine &amp;image…</source>
        <translation>打开引擎中的镜像(&amp;I)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Replace…</source>
        <translation>替换(&amp;R)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Toggle &amp;comment</source>
        <translation>切换注释(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Complete instruction or flag</source>
        <translation>补全指令或选项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next problem</source>
        <translation>下一个问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous problem</source>
        <translation>上一个问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Lint now</source>
        <translation>立即检查(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>&amp;Build</source>
        <translation>构建(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build without &amp;cache</source>
        <translation>不使用缓存构建(&amp;C)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Cancel build</source>
        <translation>取消构建(&amp;C)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Next layer</source>
        <translation>下一层(&amp;N)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Previous layer</source>
        <translation>上一层(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>E&amp;ngine</source>
        <translation>引擎(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reconnect</source>
        <translation>重新连接(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Clean up workbench objects…</source>
        <translation>清理工作台对象(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Presentation &amp;scale</source>
        <translation>演示缩放(&amp;S)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;About Image Workbench</source>
        <translation>关于 Image Workbench(&amp;A)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel build</source>
        <translation>取消构建</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tag for the built image (empty: &lt;folder&gt;:dev)</source>
        <translation>构建出的镜像的标签（留空：&lt;文件夹&gt;:dev）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>build args</source>
        <translation>构建参数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build arguments, NAME=value separated by spaces</source>
        <translation>构建参数：以空格分隔的 NAME=value</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stage to build (empty: the last stage)</source>
        <translation>要构建的阶段（留空：最后一个阶段）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>squash</source>
        <translation>squash</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Squash the new layers into one (docker build --squash)</source>
        <translation>将新层合并为一层（docker build --squash）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{action}: {reason}</source>
        <translation>{action}：{reason}</translation>
    </message>
</context>
<context>
    <name>WindowDialogs</name>
    <message>
        <location filename="../../workbench/gui/window_dialogs.py" line="+28"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open Dockerfile</source>
        <translation>打开 Dockerfile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dockerfiles</source>
        <translation>Dockerfile 文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open image archive</source>
        <translation>打开镜像归档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image archives</source>
        <translation>镜像归档</translation>
    </message>
</context>
</TS>
