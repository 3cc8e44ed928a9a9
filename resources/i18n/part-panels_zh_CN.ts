<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ContainerControls</name>
    <message>
        <location filename="../../workbench/gui/overlay/controls.py" line="+83"/>
        <source>Find running containers</source>
        <translation>查找运行中的容器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh view</source>
        <translation>刷新视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>follow edits (every 2 s)</source>
        <translation>跟随改动（每 2 秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pick a running container.</source>
        <translation>请选择一个运行中的容器。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the engine&apos;s changes list (A added, C changed, D deleted)</source>
        <translation>引擎给出的变更列表（A 新增，C 修改，D 删除）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{count} running container(s).</source>
        <translation>{count} 个运行中的容器。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No running container: start one (docker run -d …), then find again.</source>
        <translation>没有运行中的容器：先启动一个（docker run -d …），再重新查找。</translation>
    </message>
</context>
<context>
    <name>FileTreeModel</name>
    <message>
        <location filename="../../workbench/gui/layers/tree_model.py" line="+68"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>属主</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marks</source>
        <translation>标记</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>modified</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>symlink</source>
        <translation>符号链接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>hardlink</source>
        <translation>硬链接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>char</source>
        <translation>字符设备</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>block</source>
        <translation>块设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fifo</source>
        <translation>FIFO</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>whiteout</source>
        <translation>白化文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>set-uid</source>
        <translation>set-uid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>set-gid</source>
        <translation>set-gid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>world-writable</source>
        <translation>所有人可写</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>world-writable (sticky)</source>
        <translation>所有人可写（粘滞位）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} = /{target} (hard link)</source>
        <translation>{name} = /{target}（硬链接）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{status} {kind}, {size} ({bytes:,} bytes)</source>
        <translation>{status}的{kind}，{size}（{bytes:,} 字节）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link to {target}</source>
        <translation>链接到 {target}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last written by layer {layer}</source>
        <translation>最后由第 {layer} 层写入</translation>
    </message>
</context>
<context>
    <name>FilesPanel</name>
    <message>
        <location filename="../../workbench/gui/layers/files_panel.py" line="+71"/>
        <source>Layer changes</source>
        <translation>本层变更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Merged up to step</source>
        <translation>合并到此步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The step&apos;s own changes, or the whole filesystem after it</source>
        <translation>这一步自己的变更，或这一步之后的整个文件系统</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sort by name</source>
        <translation>按名称排序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sort by size</source>
        <translation>按大小排序</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Filter paths (regular expression)</source>
        <translation>过滤路径（正则表达式）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extract…</source>
        <translation>提取…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the selected file or folder out of the image</source>
        <translation>把选中的文件或文件夹从镜像中复制出来</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>No image open.</source>
        <translation>没有打开镜像。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The image has no layers.</source>
        <translation>该镜像没有层。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Step {step} ({instruction}) changed only metadata: no files. Pick “Merged up to step” to see the filesystem.</source>
        <translation>第 {step} 步（{instruction}）只改了元数据，没有文件。选择“合并到此步”可查看文件系统。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No layer exists up to step {step}.</source>
        <translation>到第 {step} 步为止还没有任何层。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The filter is not a valid regular expression ({error}): fix it to filter again.</source>
        <translation>过滤条件不是有效的正则表达式（{error}）：改正后才能继续过滤。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Reading layer {layer}…</source>
        <translation>正在读取第 {layer} 层…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{matched:,} of {total:,} entries match — changes of layer {layer}, {size}.</source>
        <translation>{total:,} 个条目中 {matched:,} 个匹配 — 第 {layer} 层的变更，{size}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{matched:,} of {total:,} entries match — filesystem up to layer {layer}, {size}.</source>
        <translation>{total:,} 个条目中 {matched:,} 个匹配 — 截至第 {layer} 层的文件系统，{size}。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Opened folders up to {rows:,} rows; filter to narrow the tree down, or open folders one by one.</source>
        <translation>已展开文件夹，最多 {rows:,} 行；请用过滤缩小范围，或逐个打开文件夹。</translation>
    </message>
    <message>
        <location line="+37"/>
        <location line="+14"/>
        <source>Select a file or folder in the tree to extract it.</source>
        <translation>请先在树中选中要提取的文件或文件夹。</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Extract into folder</source>
        <translation>提取到文件夹</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Extracted /{path} to {target}. Skipped: {skipped}.</source>
        <translation>已将 /{path} 提取到 {target}。已跳过：{skipped}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extracted /{path} to {target}.</source>
        <translation>已将 /{path} 提取到 {target}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extracting /{path}…</source>
        <translation>正在提取 /{path}…</translation>
    </message>
</context>
<context>
    <name>FindingsTree</name>
    <message>
        <location filename="../../workbench/gui/harden/findings_tree.py" line="+11"/>
        <source>Errors ({count})</source>
        <translation>错误（{count}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warnings ({count})</source>
        <translation>警告（{count}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Info ({count})</source>
        <translation>提示（{count}）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also</source>
        <translation>对应规则</translation>
    </message>
    <message>
        <location line="+23"/>
        <source> · fix</source>
        <translation> · 可修复</translation>
    </message>
</context>
<context>
    <name>HardenPanel</name>
    <message>
        <location filename="../../workbench/gui/harden/panel.py" line="+47"/>
        <source>{count} error</source>
        <translation>{count} 个错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} errors</source>
        <translation>{count} 个错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} warning</source>
        <translation>{count} 个警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} warnings</source>
        <translation>{count} 个警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>{count} info</source>
        <translation>{count} 个提示</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <translation>提示</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run every hardening check on the open Dockerfile and the image in the timeline</source>
        <translation>对打开的 Dockerfile 和时间线中的镜像运行全部加固检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With the image in the timeline</source>
        <translation>包括时间线中的镜像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fix</source>
        <translation>修复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix all safe</source>
        <translation>修复全部安全项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply every fix that changes no behaviour</source>
        <translation>应用所有不改变行为的修复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Push for a digest…</source>
        <translation>推送以获取 digest…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Push a local-only base to a registry you name, then pin the pushed copy by its digest</source>
        <translation>把只在本地的基础镜像推送到你指定的仓库，再按推送副本的 digest 固定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the selected finding&apos;s fix as a diff, then apply it</source>
        <translation>以 diff 显示所选问题的修复，然后应用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rebuild and verify</source>
        <translation>重新构建并验证</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build the fixed Dockerfile, check it again and start it without network</source>
        <translation>构建修复后的 Dockerfile，再检查一遍，并在无网络的情况下启动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Undo the fixes</source>
        <translation>撤销修复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the checked Dockerfile back</source>
        <translation>恢复检查时的 Dockerfile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the open Dockerfile for what makes its image unsafe.</source>
        <translation>检查打开的 Dockerfile 中让镜像不安全的地方。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Select a finding that has a fix.</source>
        <translation>请选择一个有修复的问题。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select a base that is only in this engine.</source>
        <translation>请选择一个只存在于本引擎中的基础镜像。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No finding has a fix that changes no behaviour.</source>
        <translation>没有哪个问题有不改变行为的修复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check first.</source>
        <translation>请先检查。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No fix went in since the last check.</source>
        <translation>上次检查后没有应用过修复。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{message} ({done}/{total})…</source>
        <translation>{message}（{done}/{total}）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{message}…</source>
        <translation>{message}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Open a Dockerfile to check.</source>
        <translation>请先打开要检查的 Dockerfile。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{error}, {warning}, {info}; checked the image {image}.</source>
        <translation>{error}，{warning}，{info}；已检查镜像 {image}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{error}, {warning}, {info}; checked the Dockerfile alone.</source>
        <translation>{error}，{warning}，{info}；只检查了 Dockerfile。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select a finding to see why it matters and its fix.</source>
        <translation>选择一个问题，查看它为何重要以及如何修复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;{rule}&lt;/b&gt; ({severity}); peers: {peers}; where: {where}</source>
        <translation>&lt;b&gt;{rule}&lt;/b&gt;（{severity}）；对应规则：{peers}；位置：{where}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the whole image</source>
        <translation>整个镜像</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;Fix:&lt;/b&gt; {summary}</source>
        <translation>&lt;b&gt;修复：&lt;/b&gt;{summary}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Fix:&lt;/b&gt; {summary} (changes how the image runs)</source>
        <translation>&lt;b&gt;修复：&lt;/b&gt;{summary}（会改变镜像的运行方式）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Apply the fix</source>
        <translation>应用修复</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The Dockerfile changed since the check, or its tab is closed: check again, then fix.</source>
        <translation>检查之后 Dockerfile 已改动，或其标签页已关闭：请重新检查后再修复。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Applied {applied} fixes; {left} fixes touch the same lines and wait for the next check. Rebuild and verify to prove them.</source>
        <translation>已应用 {applied} 个修复；另有 {left} 个修复涉及相同的行，留待下次检查。请重新构建并验证。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Applied {applied} fixes. Rebuild and verify to prove them.</source>
        <translation>已应用 {applied} 个修复。请重新构建并验证。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Apply {count} fixes that change no behaviour.</source>
        <translation>应用 {count} 个不改变行为的修复。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The Dockerfile changed since the fixes went in: use the editor&apos;s undo.</source>
        <translation>应用修复后 Dockerfile 又有改动：请使用编辑器的撤销。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The fixes are undone: the Dockerfile is as it was checked.</source>
        <translation>修复已撤销：Dockerfile 恢复为检查时的样子。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Push for a digest</source>
        <translation>推送以获取 digest</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registry (host:port):</source>
        <translation>镜像仓库（主机:端口）：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Pushing to {registry}…</source>
        <translation>正在推送到 {registry}…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save the Dockerfile in its build context, then verify: the rebuild needs the context directory.</source>
        <translation>请先把 Dockerfile 保存到它的构建上下文中再验证：重新构建需要上下文目录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The open Dockerfile is not the one checked: check again.</source>
        <translation>打开的 Dockerfile 不是检查过的那个：请重新检查。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Verified: the fixed image builds, starts and its findings are gone.</source>
        <translation>已验证：修复后的镜像能构建、能启动，问题已消失。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The fix does not hold: {error} Undo puts the checked Dockerfile back.</source>
        <translation>修复未能成立：{error} 撤销可恢复检查时的 Dockerfile。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rebuilding…</source>
        <translation>正在重新构建…</translation>
    </message>
</context>
<context>
    <name>InefficientList</name>
    <message>
        <location filename="../../workbench/gui/layers/inefficient.py" line="+26"/>
        <source>layer {layer}: created</source>
        <translation>第 {layer} 层：创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer {layer}: overwritten</source>
        <translation>第 {layer} 层：覆盖</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer {layer}: deleted</source>
        <translation>第 {layer} 层：删除</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Inefficient file / layer</source>
        <translation>低效文件 / 层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wastes</source>
        <translation>浪费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies</source>
        <translation>副本数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paths stored in two or more layers (dive&apos;s inefficient files). Click a layer to jump to it.</source>
        <translation>存放在两个或更多层中的路径（即 dive 的低效文件）。点击某一层可跳转过去。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>/{path}: {count} copies, {bytes:,} bytes counted as wasted</source>
        <translation>/{path}：{count} 个副本，{bytes:,} 字节计为浪费</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>… {count} more (smaller) paths</source>
        <translation>… 另有 {count} 个（更小的）路径</translation>
    </message>
</context>
<context>
    <name>ListingModel</name>
    <message>
        <location filename="../../workbench/gui/overlay/listing_tree.py" line="+23"/>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>marks</source>
        <translation>标记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mode</source>
        <translation>权限</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>from</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>OverlayLegend</name>
    <message>
        <location filename="../../workbench/gui/overlay/panes.py" line="+46"/>
        <source>&lt;b&gt;copy-up&lt;/b&gt; &lt;span style=&apos;color:{copyup}&apos;&gt;■&lt;/span&gt; · &lt;b&gt;whiteout&lt;/b&gt; &lt;span style=&apos;color:{whiteout}&apos;&gt;■&lt;/span&gt; · &lt;b&gt;opaque&lt;/b&gt; &lt;span style=&apos;color:{opaque}&apos;&gt;■&lt;/span&gt; (hover for what they mean)</source>
        <translation>&lt;b&gt;copy-up&lt;/b&gt;（向上复制）&lt;span style=&apos;color:{copyup}&apos;&gt;■&lt;/span&gt; · &lt;b&gt;whiteout&lt;/b&gt;（白化）&lt;span style=&apos;color:{whiteout}&apos;&gt;■&lt;/span&gt; · &lt;b&gt;opaque&lt;/b&gt;（不透明目录）&lt;span style=&apos;color:{opaque}&apos;&gt;■&lt;/span&gt;（悬停查看含义）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>copy-up: a lower entry changed through merged (even chmod/chown) is copied whole into upper first.
whiteout: deleting a lower entry leaves a char device 0/0 in upper (.wh.name in a layer tar).
opaque: a dir removed and made again hides everything below it (xattr trusted.overlay.opaque=y, .wh..wh..opq in a tar).
Lookup goes upper, then lowerdirs top-most first.</source>
        <translation>copy-up：通过合并视图修改下层的条目（哪怕只是 chmod/chown）时，它会先被整个复制到 upper。
whiteout：删除下层的条目会在 upper 留下一个 0/0 字符设备（层 tar 中为 .wh.name）。
opaque：删掉后又重建的目录会遮住下层中它之下的一切（xattr trusted.overlay.opaque=y，tar 中为 .wh..wh..opq）。
查找顺序：先 upper，再按 lowerdir 从最上层起依次查找。</translation>
    </message>
</context>
<context>
    <name>OverlayPanel</name>
    <message>
        <location filename="../../workbench/gui/overlay/panel.py" line="+43"/>
        <source>Image stack</source>
        <translation>镜像层堆叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running container</source>
        <translation>运行中的容器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live sandbox</source>
        <translation>实时沙盒</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>lowerdir(s), top-most first</source>
        <translation>lowerdir（下层，最上层在前）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>upperdir</source>
        <translation>upperdir（可写层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>merged</source>
        <translation>merged（合并视图）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>workdir</source>
        <translation>workdir（工作目录）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>{image}: {count} layers; step k to watch the filesystem grow.</source>
        <translation>{image}：{count} 层；逐步调整 k，观察文件系统如何增长。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No image: analyse one in the window or open it here.</source>
        <translation>没有镜像：请在窗口中分析一个，或在这里打开。</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>layer {layer} over {lowers} lower layer(s): {merged} entries merged</source>
        <translation>第 {layer} 层叠在 {lowers} 个下层之上：合并后 {merged} 个条目</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>{name}: {driver}, read from the host (listings cut at the limit). {note}</source>
        <translation>{name}：{driver}，从宿主机读取（列表已按上限截断）。{note}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: {driver}, read from the host. {note}</source>
        <translation>{name}：{driver}，从宿主机读取。{note}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: {driver}, built from the engine&apos;s API (listings cut at the limit). {note}</source>
        <translation>{name}：{driver}，由引擎 API 构造（列表已按上限截断）。{note}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: {driver}, built from the engine&apos;s API. {note}</source>
        <translation>{name}：{driver}，由引擎 API 构造。{note}</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+39"/>
        <source>No sandbox yet: press New sandbox.</source>
        <translation>还没有沙盒：请点“新建沙盒”。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{action}: select a path in one of the panes first.</source>
        <translation>{action}：请先在某个窗格中选中一个路径。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>{command}  (simulated)</source>
        <translation>{command}  （模拟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>real</source>
        <translation>真实挂载</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>simulated</source>
        <translation>模拟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{mode} sandbox: {upper} entries in upper, {merged} merged</source>
        <translation>{mode}沙盒：upper 中 {upper} 个条目，合并后 {merged} 个</translation>
    </message>
</context>
<context>
    <name>SandboxControls</name>
    <message>
        <location filename="../../workbench/gui/overlay/controls.py" line="+18"/>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modify</source>
        <translation>修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mkdir</source>
        <translation>建目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rmdir</source>
        <translation>删目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chmod</source>
        <translation>改权限</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>lowerdir order, top-most first: drag to reorder, then New</source>
        <translation>lowerdir 顺序，最上层在前：拖动调整顺序，然后点“新建沙盒”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+68"/>
        <source>simulated</source>
        <translation>模拟</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>auto mounts overlayfs for real when allowed (root)</source>
        <translation>“自动”在允许时（root）真实挂载 overlayfs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New sandbox</source>
        <translation>新建沙盒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>lowerdirs:</source>
        <translation>lowerdir 数：</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>real mount</source>
        <translation>真实挂载</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>overlayfs mounted by the kernel</source>
        <translation>由内核挂载的 overlayfs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the workbench&apos;s overlay model, no kernel mount</source>
        <translation>Workbench 自带的 overlay 模型，不经内核挂载</translation>
    </message>
</context>
<context>
    <name>StackControls</name>
    <message>
        <location line="-187"/>
        <source>image name, archive or OCI layout (or follow the window)</source>
        <translation>镜像名、归档文件或 OCI 布局（或跟随窗口）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No image: analyse one in the window or open it here.</source>
        <translation>没有镜像：请在窗口中分析一个，或在这里打开。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Layer shown as upper; the layers below are the lowerdirs</source>
        <translation>作为 upper 显示的层；它下面的层就是 lowerdir</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>layer k:</source>
        <translation>第 k 层：</translation>
    </message>
</context>
<context>
    <name>StaleOffer</name>
    <message>
        <location filename="../../workbench/gui/overlay/stale_offer.py" line="+51"/>
        <source>Clean up {count} stale sandbox(es)</source>
        <translation>清理 {count} 个残留沙盒</translation>
    </message>
</context>
<context>
    <name>SummaryWidget</name>
    <message>
        <location filename="../../workbench/gui/layers/summary.py" line="+20"/>
        <source>Total size</source>
        <translation>总大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bytes of all layers&apos; files (what dive counts).</source>
        <translation>所有层中文件的字节数（按 dive 的算法）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layers in the image; history steps in brackets (metadata included).</source>
        <translation>镜像的层数；括号内为历史步骤数（含元数据步骤）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Efficiency</source>
        <translation>效率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dive&apos;s efficiency: smallest copy of each path over all copies.</source>
        <translation>dive 的效率：每个路径最小副本之和除以全部副本之和。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dive&apos;s wasted bytes: every copy of paths stored in 2+ layers.</source>
        <translation>dive 的浪费字节：存放在 2 个及以上层中的路径的所有副本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>User wasted</source>
        <translation>用户浪费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wasted bytes over the size of the layers above the base.</source>
        <translation>浪费字节占基础镜像之上各层大小的比例。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What squashing would save: all copies but the surviving one.</source>
        <translation>压平（squash）能省下的空间：除最终保留的一份外的所有副本。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{layers} ({steps} steps)</source>
        <translation>{layers}（{steps} 步）</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>{hint} Click to see where it comes from.</source>
        <translation>{hint}点击查看它从何而来。</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../../workbench/gui/layers/steps.py" line="+83"/>
        <source>layer {layer} (no history entry)</source>
        <translation>第 {layer} 层（无历史记录）</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/layers/timeline.py" line="+191"/>
        <source>BASE</source>
        <translation>基础</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>meta</source>
        <translation>元数据</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>base image ({steps} steps) {arrow}</source>
        <translation>基础镜像（{steps} 步）{arrow}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Base image: {steps} steps, {size}.
Click to show its steps.</source>
        <translation>基础镜像：{steps} 步，{size}。
点击展开它的各步。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Step {step}: {command}</source>
        <translation>第 {step} 步：{command}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Metadata only: no layer, 0 bytes.</source>
        <translation>只有元数据：没有层，0 字节。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer {layer}: {size} ({bytes:,} bytes)</source>
        <translation>第 {layer} 层：{size}（{bytes:,} 字节）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Added {added}, modified {modified}, removed {removed} files</source>
        <translation>新增 {added} 个、修改 {modified} 个、删除 {removed} 个文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wasted (dive): {size}</source>
        <translation>浪费（dive）：{size}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reclaimable by squashing: {size}</source>
        <translation>压平可回收：{size}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the base image.</source>
        <translation>来自基础镜像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Added by the build itself (no Dockerfile line).</source>
        <translation>由构建本身添加（没有对应的 Dockerfile 行）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Dockerfile line {start}</source>
        <translation>Dockerfile 第 {start} 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dockerfile lines {start}–{end}</source>
        <translation>Dockerfile 第 {start}–{end} 行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dockerfile line {start} (text differs: rebuild)</source>
        <translation>Dockerfile 第 {start} 行（文本已不同：请重新构建）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dockerfile lines {start}–{end} (text differs: rebuild)</source>
        <translation>Dockerfile 第 {start}–{end} 行（文本已不同：请重新构建）</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location line="+27"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bar heights on a log scale, so small layers stay visible</source>
        <translation>柱高使用对数刻度，小的层也能看清</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fold base image</source>
        <translation>折叠基础镜像</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No image open.</source>
        <translation>没有打开镜像。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Linked to the Dockerfile.</source>
        <translation>已关联到 Dockerfile。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linked, but some lines changed since the build: rebuild to refresh.</source>
        <translation>已关联，但构建后有些行改动过：请重新构建以更新。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not linked: open the Dockerfile the image was built from.</source>
        <translation>未关联：请打开构建该镜像所用的 Dockerfile。</translation>
    </message>
</context>
<context>
    <name>VerifyView</name>
    <message>
        <location filename="../../workbench/gui/harden/verify_view.py" line="+20"/>
        <source>not run</source>
        <translation>未运行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>still running at the timeout</source>
        <translation>超时时仍在运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>started, id -u = {uid}</source>
        <translation>已启动，id -u = {uid}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>still running at the timeout, id -u = {uid}</source>
        <translation>超时时仍在运行，id -u = {uid}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Builds</source>
        <translation>能构建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starts</source>
        <translation>能启动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The fix holds.</source>
        <translation>修复成立。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The fix does not hold: {error}</source>
        <translation>修复未能成立：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>see the table</source>
        <translation>见下表</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Before</source>
        <translation>修复前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>After</source>
        <translation>修复后</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gone: {gone}. New: {new}.</source>
        <translation>消失：{gone}。新增：{new}。</translation>
    </message>
</context>
</TS>
