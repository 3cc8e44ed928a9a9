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
    <name>AdvisorView</name>
    <message>
        <location filename="../../workbench/gui/sizes/advisor_view.py" line="+50"/>
        <source>before / after</source>
        <translation>前 / 后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try it (build and measure)</source>
        <translation>试一试（构建并测量）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply…</source>
        <translation>应用…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export before/after…</source>
        <translation>导出前后对比…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No advice: nothing to make smaller was found.</source>
        <translation>没有建议：没有找到可以缩小的地方。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Measured: {saving}.</source>
        <translation>已测量：{saving}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not measured: {reason}</source>
        <translation>未测量：{reason}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>This advice changes how the image is built, not the files (e.g. docker build --squash).</source>
        <translation>这条建议改变的是镜像的构建方式，而不是文件（例如 docker build --squash）。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Export before/after</source>
        <translation>导出前后对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image (*.png);;SVG image (*.svg);;CSV numbers (*.csv)</source>
        <translation>PNG 图片 (*.png);;SVG 图片 (*.svg);;CSV 数据 (*.csv)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot write {path} ({reason}): pick another place.</source>
        <translation>无法写入 {path}（{reason}）：请换一个位置。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../workbench/gui/app.py" line="+90"/>
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
    <name>BarChart</name>
    <message>
        <location filename="../../workbench/gui/sizes/charts.py" line="+52"/>
        <location line="+130"/>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>size (log)</source>
        <translation>大小（对数）</translation>
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
    <name>BuildOutputDialog</name>
    <message>
        <location filename="../../workbench/gui/sizes/build_output.py" line="+26"/>
        <source>Build output</source>
        <translation>构建输出</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The engine printed nothing.</source>
        <translation>引擎没有输出任何内容。</translation>
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
    <name>CommitDialog</name>
    <message>
        <location filename="../../workbench/gui/containers/panel.py" line="+80"/>
        <source>Commit {container}</source>
        <translation>提交 {container}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>One per line: CMD [&quot;sh&quot;], ENV A=b, USER app</source>
        <translation>每行一条：CMD [&quot;sh&quot;]、ENV A=b、USER app</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tag (name:tag)</source>
        <translation>标签 (name:tag)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Author (-a)</source>
        <translation>作者 (-a)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Message (-m)</source>
        <translation>说明 (-m)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Config changes (-c)</source>
        <translation>配置修改 (-c)</translation>
    </message>
</context>
<context>
    <name>CompareResults</name>
    <message>
        <location filename="../../workbench/gui/review/compare_results.py" line="+47"/>
        <location line="+6"/>
        <location line="+32"/>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>{points:+.2f} pts</source>
        <translation>{points:+.2f} 个百分点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>compressed</source>
        <translation>压缩后</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>efficiency</source>
        <translation>效率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{shared} layers shared, {only_a} only in A, {only_b} only in B.</source>
        <translation>{shared} 层共享，{only_a} 层仅在 A 中，{only_b} 层仅在 B 中。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Files: {added} added, {removed} removed, {modified} modified.</source>
        <translation>文件：新增 {added} 个，删除 {removed} 个，修改 {modified} 个。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Config changed</source>
        <translation>配置有变化</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The config is the same.</source>
        <translation>配置相同。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Findings fixed ({count})</source>
        <translation>已修复的问题（{count}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Findings introduced ({count})</source>
        <translation>新引入的问题（{count}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notes:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The layers are the same.</source>
        <translation>各层相同。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Everything from layer {layer} (Dockerfile line {line}) up was rebuilt.</source>
        <translation>从第 {layer} 层（Dockerfile 第 {line} 行）起往上的层都重新构建了。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everything from layer {layer} up was rebuilt.</source>
        <translation>从第 {layer} 层起往上的层都重新构建了。</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>Only files under… (click a treemap block)</source>
        <translation>只看此目录下的文件…（点击树图中的方块）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size by directory</source>
        <translation>按目录的大小</translation>
    </message>
    <message>
        <location filename="../../workbench/gui/review/file_versions.py" line="+26"/>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removed</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>modified</source>
        <translation>修改</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../workbench/gui/review/compare_view.py" line="+49"/>
        <source>HTML report</source>
        <translation>HTML 报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown (pull request)</source>
        <translation>Markdown（合并请求）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>image name, docker://id, archive or oci://layout</source>
        <translation>镜像名、docker://id、归档文件或 oci://布局路径</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Build…</source>
        <translation>构建…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A build from this window&apos;s history</source>
        <translation>本窗口历史中的一次构建</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Image…</source>
        <translation>镜像…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An image in the engine, picked from a searchable list</source>
        <translation>引擎中的镜像，从可搜索的列表中选择</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Archive…</source>
        <translation>归档…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A docker save archive, an OCI archive or layout</source>
        <translation>docker save 归档、OCI 归档或 OCI 布局</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>build {label} ({id})</source>
        <translation>构建 {label}（{id}）</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>({file} in {folder})</source>
        <translation>（{folder} 中的 {file}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No builds yet</source>
        <translation>还没有构建</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>A (before)</source>
        <translation>A（之前）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B (after)</source>
        <translation>B（之后）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare with the previous build</source>
        <translation>与上一次构建比较</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The last build of the open Dockerfile against the build before it</source>
        <translation>打开的 Dockerfile 的最近一次构建与它之前的一次构建比较</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Swap</source>
        <translation>交换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Pick two images, or compare the last build with the one before it.</source>
        <translation>选择两个镜像，或将最近一次构建与之前的一次比较。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Compare an image archive</source>
        <translation>比较镜像归档</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image archives (*.tar *.tar.gz *.tgz *.oci);;All files (*)</source>
        <translation>镜像归档 (*.tar *.tar.gz *.tgz *.oci);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Compare: {side}</source>
        <translation>比较：{side}</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Open the saved Dockerfile whose builds you want to compare.</source>
        <translation>请打开要比较其构建的已保存 Dockerfile。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{file} has no build in this window&apos;s history: build it twice to compare.</source>
        <translation>{file} 在本窗口的历史中还没有构建：构建两次后才能比较。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} has one image in this window&apos;s history: build it again after a change to compare.</source>
        <translation>{file} 在本窗口的历史中只有一个镜像：修改后再构建一次才能比较。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Pick both images: A (before) and B (after).</source>
        <translation>请选择两个镜像：A（之前）和 B（之后）。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Compared {a} with {b}: {delta}, {files} files changed.</source>
        <translation>已比较 {a} 与 {b}：{delta}，{files} 个文件有变化。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Comparing {a} with {b}…</source>
        <translation>正在比较 {a} 与 {b}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Export the comparison as {format}</source>
        <translation>将比较结果导出为 {format}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Compare first, then export.</source>
        <translation>请先比较，再导出。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The comparison could not be written to {path}: {reason}.</source>
        <translation>无法将比较结果写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrote the {format} to {path}.</source>
        <translation>已将 {format} 写入 {path}。</translation>
    </message>
</context>
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
    <name>ContainersPanel</name>
    <message>
        <location filename="../../workbench/gui/containers/panel.py" line="-31"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run…</source>
        <translation>运行…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shell…</source>
        <translation>终端 Shell…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In overlay view</source>
        <translation>在 overlay 视图中查看</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commit…</source>
        <translation>提交…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+110"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="-110"/>
        <location line="+111"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Double-click a path to see it in the overlay view: lower, upper and merged.</source>
        <translation>双击一个路径，在 overlay 视图中查看它：lower、upper 和 merged。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A run&apos;s output appears here.</source>
        <translation>运行的输出显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh to list recent containers, exited ones included.</source>
        <translation>刷新以列出最近的容器，包括已退出的容器。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>{action}…</source>
        <translation>{action}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{action}: cancelled.</source>
        <translation>{action}：已取消。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Listing containers</source>
        <translation>正在列出容器</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{count} recent containers.</source>
        <translation>最近的容器 {count} 个。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run a container</source>
        <translation>运行容器</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The command cannot be read ({reason}).</source>
        <translation>无法解析该命令（{reason}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{container} exited with code {code}: it stays until removed.</source>
        <translation>{container} 已退出，退出码 {code}：容器会一直保留，直到被删除。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Running {image}</source>
        <translation>正在运行 {image}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Interactive shell</source>
        <translation>交互式 Shell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Image:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>A shell in {container}: type in the terminal tab.</source>
        <translation>{container} 中的 Shell：请在终端标签页中输入。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Starting a shell in {image}</source>
        <translation>正在 {image} 中启动 Shell</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Changes of {container}</source>
        <translation>{container} 的变更</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{count} paths changed in the container&apos;s upper dir.</source>
        <translation>容器的可写层（upper 目录）中有 {count} 个路径发生了变化。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Committed {container} as {image}.</source>
        <translation>已将 {container} 提交为 {image}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Committing {container}</source>
        <translation>正在提交 {container}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Removing {container}</source>
        <translation>正在删除 {container}</translation>
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
    <name>FileVersions</name>
    <message>
        <location filename="../../workbench/gui/review/file_versions.py" line="+49"/>
        <source>The file exists in one image only.</source>
        <translation>该文件只存在于一个镜像中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A text diff is shown for regular files up to {size} on both sides.</source>
        <translation>只有两边都是不超过 {size} 的普通文件时才显示文本差异。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The content is the same; only {what} changed.</source>
        <translation>内容相同；只有 {what} 发生了变化。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The file is not UTF-8 text on both sides.</source>
        <translation>该文件在两边并非都是 UTF-8 文本。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{count} more lines</source>
        <translation>还有 {count} 行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>absent</source>
        <translation>不存在</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{size} ({bytes:,} bytes)</source>
        <translation>{size}（{bytes:,} 字节）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dockerfile line {line}</source>
        <translation>Dockerfile 第 {line} 行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mode</source>
        <translation>权限</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link target</source>
        <translation>链接目标</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The texts are the same.</source>
        <translation>文本相同。</translation>
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
    <name>FilesTree</name>
    <message>
        <location filename="../../workbench/gui/review/compare_results.py" line="-89"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size A</source>
        <translation>A 大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size B</source>
        <translation>B 大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delta</source>
        <translation>差值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>变化内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line</source>
        <translation>行</translation>
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
        <location filename="../../workbench/gui/harden/panel.py" line="+48"/>
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
        <location line="+22"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="-21"/>
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
        <location line="+31"/>
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
        <location line="+11"/>
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
        <location line="+12"/>
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
        <location line="+6"/>
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
    <name>HistoryView</name>
    <message>
        <location filename="../../workbench/gui/review/history_view.py" line="+127"/>
        <source>Every Dockerfile</source>
        <translation>所有 Dockerfile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the builds of every Dockerfile, not only the open one</source>
        <translation>显示所有 Dockerfile 的构建，而不只是打开的那个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compare the two selected</source>
        <translation>比较选中的两个</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Built</source>
        <translation>构建时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>{count} builds of every Dockerfile.</source>
        <translation>所有 Dockerfile 共 {count} 次构建。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open a saved Dockerfile to see the history of its builds.</source>
        <translation>打开一个已保存的 Dockerfile 以查看其构建历史。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} builds of {file} in this window&apos;s history.</source>
        <translation>本窗口的历史中有 {file} 的 {count} 次构建。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No build of {file} yet: build it (the window records every successful build).</source>
        <translation>{file} 还没有构建：请构建它（窗口会记录每次成功的构建）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Compare the older selected build with the newer</source>
        <translation>将选中的较早构建与较新构建比较</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select two builds in the table.</source>
        <translation>请在表格中选择两次构建。</translation>
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
    <name>ImagesPanel</name>
    <message>
        <location filename="../../workbench/gui/images/panel.py" line="+43"/>
        <source>{count} year ago</source>
        <translation>{count} 年前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} years ago</source>
        <translation>{count} 年前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} month ago</source>
        <translation>{count} 个月前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} months ago</source>
        <translation>{count} 个月前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} day ago</source>
        <translation>{count} 天前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} days ago</source>
        <translation>{count} 天前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} hour ago</source>
        <translation>{count} 小时前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} hours ago</source>
        <translation>{count} 小时前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} minute ago</source>
        <translation>{count} 分钟前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} minutes ago</source>
        <translation>{count} 分钟前</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location line="+21"/>
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
        <source>Digest</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Push…</source>
        <translation>推送…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pull…</source>
        <translation>拉取…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pin this digest</source>
        <translation>固定此摘要</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+39"/>
        <source>Write name@digest into the open Dockerfile&apos;s last FROM</source>
        <translation>将 name@digest 写入打开的 Dockerfile 的最后一个 FROM</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+69"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="-68"/>
        <source>Refresh to list the engine&apos;s images.</source>
        <translation>刷新以列出引擎中的镜像。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Select an image with a digest: it gets one by a push or pull.</source>
        <translation>请选择一个带摘要的镜像：镜像在推送或拉取后才有摘要。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{action}…</source>
        <translation>{action}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{action}: cancelled.</source>
        <translation>{action}：已取消。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Listing images</source>
        <translation>正在列出镜像</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{count} images.</source>
        <translation>共 {count} 个镜像。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Image (registry/name:tag):</source>
        <translation>镜像 (registry/name:tag)：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Push</source>
        <translation>推送</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Pushing {image}</source>
        <translation>正在推送 {image}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pull</source>
        <translation>拉取</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pulling {image}</source>
        <translation>正在拉取 {image}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{image}: digest {digest}.</source>
        <translation>{image}：摘要 {digest}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot pin: {reason}</source>
        <translation>无法固定：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The open Dockerfile changed or is closed: pin again.</source>
        <translation>打开的 Dockerfile 已改变或已关闭：请重新固定。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last FROM now names {digest}.</source>
        <translation>最后一个 FROM 现在指向 {digest}。</translation>
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
        <translation>tar 包</translation>
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
    <name>LayersTree</name>
    <message>
        <location filename="../../workbench/gui/review/compare_results.py" line="-183"/>
        <source>shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only in A</source>
        <translation>仅在 A 中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>only in B</source>
        <translation>仅在 B 中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>changed</source>
        <translation>已改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>moved</source>
        <translation>已移动</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B: instruction</source>
        <translation>B：指令</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>B size</source>
        <translation>B 大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A: instruction</source>
        <translation>A：指令</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A size</source>
        <translation>A 大小</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>first rebuilt</source>
        <translation>首个重新构建的层</translation>
    </message>
</context>
<context>
    <name>LessonNavigator</name>
    <message>
        <location filename="../../workbench/gui/lessons/navigator.py" line="+33"/>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <location filename="../../workbench/gui/lessons/panel.py" line="+152"/>
        <source>The window&apos;s language, the same choice as View &gt; Language; the lessons switch at once</source>
        <translation>窗口的语言，与“视图 &gt; 语言”是同一个设置；课程内容会立即切换</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Language: </source>
        <translation>语言：</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+280"/>
        <source>Reset workshop</source>
        <translation>重置练习环境</translation>
    </message>
    <message>
        <location line="-279"/>
        <source>Remove every container, image, tag and push the lessons made, by the ids recorded when they were made</source>
        <translation>按创建时记录的 ID，删除课程创建的所有容器、镜像、标签和推送</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run action</source>
        <translation>执行操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run this step&apos;s action, then its check (Ctrl+Return)</source>
        <translation>执行本步骤的操作，然后进行检查 (Ctrl+Return)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run lesson</source>
        <translation>运行整课</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run every step of this lesson from the first, each action and then its check</source>
        <translation>从第一步开始运行本课的每个步骤，每步先执行操作再检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check this step on the engine: also after doing it by hand in a terminal</source>
        <translation>在引擎上检查本步骤：在终端中手动完成后也可以检查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reveal</source>
        <translation>显示命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the docker commands that do this step by hand</source>
        <translation>显示手动完成本步骤的 docker 命令</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The action&apos;s output appears here.</source>
        <translation>操作的输出显示在这里。</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Running…</source>
        <translation>正在执行…</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Running the lesson…</source>
        <translation>正在运行整课…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Resetting the workshop…</source>
        <translation>正在重置练习环境…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{mark} {passed} of {total} steps passed. Step {step}: {message}</source>
        <translation>{mark} {total} 个步骤中通过 {passed} 个。第 {step} 步：{message}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{mark} {passed} of {total} steps passed.</source>
        <translation>{mark} {total} 个步骤中通过 {passed} 个。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>kept {object}</source>
        <translation>保留 {object}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Removed {count} objects the lessons made.</source>
        <translation>已删除课程创建的 {count} 个对象。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>removed {object}</source>
        <translation>已删除 {object}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Remove every container, image, tag and registry push the lessons made? Nothing else is touched.</source>
        <translation>删除课程创建的所有容器、镜像、标签和向镜像仓库的推送吗？其他内容不受影响。</translation>
    </message>
</context>
<context>
    <name>ListingModel</name>
    <message>
        <location filename="../../workbench/gui/overlay/listing_tree.py" line="+25"/>
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
    <name>MainWindow</name>
    <message>
        <location filename="../../workbench/gui/main_window.py" line="+81"/>
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
        <location line="+98"/>
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
    <name>OutOfDate</name>
    <message>
        <location filename="../../workbench/gui/out_of_date.py" line="+52"/>
        <source>Made for {path}, not for the Dockerfile open now.</source>
        <translation>此结果针对 {path}，而不是当前打开的 Dockerfile。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the Dockerfile</source>
        <translation>Dockerfile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the image in the timeline</source>
        <translation>时间线中的镜像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Out of date: {what} changed since this result was made. Press {action} again.</source>
        <translation>已过期：生成此结果之后，{what}已改变。请再次点击“{action}”。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> and </source>
        <translation>和</translation>
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
        <location filename="../../workbench/gui/overlay/panel.py" line="+53"/>
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
        <location line="+38"/>
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
        <location line="+119"/>
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
        <location line="+53"/>
        <source>Opening {source}…</source>
        <translation>正在打开 {source}…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>layer {layer} over {lowers} lower layer(s): {merged} entries merged</source>
        <translation>第 {layer} 层叠在 {lowers} 个下层之上：合并后 {merged} 个条目</translation>
    </message>
    <message>
        <location line="+69"/>
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
    <name>PanelSlot</name>
    <message>
        <location filename="../../workbench/gui/panels.py" line="+127"/>
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
        <location line="-101"/>
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
    <name>ReviewPanel</name>
    <message>
        <location filename="../../workbench/gui/review/panel.py" line="+32"/>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare</source>
        <translation>比较</translation>
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
    <name>SizesChart</name>
    <message>
        <location filename="../../workbench/gui/sizes/chart_data.py" line="+24"/>
        <source>built</source>
        <translation>已构建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+24"/>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>{size} ({bytes:,} bytes)</source>
        <translation>{size}（{bytes:,} 字节）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not on this engine</source>
        <translation>不在此引擎上</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is not available: {reason}</source>
        <translation>{name} 不可用：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}: 0 B, no layers ({availability})</source>
        <translation>{name}：0 B，没有层（{availability}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} layer {index}: {size} uncompressed
{command}
image: {total}</source>
        <translation>{name} 第 {index} 层：未压缩 {size}
{command}
镜像：{total}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} layer {index}: {size} compressed ({source})
image: {total} to transfer</source>
        <translation>{name} 第 {index} 层：压缩后 {size}（{source}）
镜像：需传输 {total}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>on {base}: {status}: {error}</source>
        <translation>基于 {base}：{status}：{error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+47"/>
        <source>{size}, {count} layers</source>
        <translation>{size}，{count} 层</translation>
    </message>
    <message>
        <location line="-45"/>
        <source>on {base}, layer {index}: {size}
{command}
image: {total} in {count} layers</source>
        <translation>基于 {base}，第 {index} 层：{size}
{command}
镜像：{total}，共 {count} 层</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>layer {index}: {size}
{command}</source>
        <translation>第 {index} 层：{size}
{command}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>not built</source>
        <translation>未构建</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{name}: {size} in {count} layers</source>
        <translation>{name}：{size}，共 {count} 层</translation>
    </message>
</context>
<context>
    <name>SizesPanel</name>
    <message>
        <location filename="../../workbench/gui/sizes/panel.py" line="+94"/>
        <source>Base images to compare, separated by commas</source>
        <translation>要比较的基础镜像，用逗号分隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Measure bases</source>
        <translation>测量基础镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build on each base</source>
        <translation>在每个基础镜像上构建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Advise</source>
        <translation>给出建议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep variant images</source>
        <translation>保留变体镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the images built on each base (tagged workbench-measure-…) instead of removing them</source>
        <translation>保留在每个基础镜像上构建的镜像（标签为 workbench-measure-…），而不是删除它们</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measure the bases, build your Dockerfile on each, or ask for advice.</source>
        <translation>测量基础镜像，在每个基础镜像上构建你的 Dockerfile，或者获取建议。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bases:</source>
        <translation>基础镜像：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Base images: uncompressed (blue) and compressed (orange)</source>
        <translation>基础镜像：未压缩（蓝）与压缩后（橙）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your Dockerfile on each base</source>
        <translation>你的 Dockerfile 在每个基础镜像上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layers of the current image</source>
        <translation>当前镜像的层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Base images</source>
        <translation>基础镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On each base</source>
        <translation>各基础镜像上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+263"/>
        <source>Export {format}</source>
        <translation>导出 {format}</translation>
    </message>
    <message>
        <location line="-260"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bar heights by the logarithm of their size, for sizes that span orders of magnitude</source>
        <translation>柱高按大小的对数绘制，适合相差几个数量级的大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo .dockerignore change</source>
        <translation>撤销 .dockerignore 修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build output…</source>
        <translation>构建输出…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The engine&apos;s whole output of each build on each base</source>
        <translation>在每个基础镜像上构建时引擎的完整输出</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>{action}…</source>
        <translation>{action}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{action}: cancelled.</source>
        <translation>{action}：已取消。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Measuring bases</source>
        <translation>正在测量基础镜像</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+12"/>
        <source>The open Dockerfile has no FROM line: open or write one first.</source>
        <translation>打开的 Dockerfile 没有 FROM 行：请先打开或写一个。</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Building on each base</source>
        <translation>正在每个基础镜像上构建</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Advising</source>
        <translation>正在分析建议</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The Dockerfile changed since this advice: ask for advice again.</source>
        <translation>Dockerfile 在给出这条建议后已改变：请重新获取建议。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trying: {advice}</source>
        <translation>正在尝试：{advice}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Measured {count} bases; not available: {names}.</source>
        <translation>已测量 {count} 个基础镜像；不可用：{names}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measured {count} bases.</source>
        <translation>已测量 {count} 个基础镜像。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Built on {results}; kept as {tags}.</source>
        <translation>构建结果：{results}；保留为 {tags}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Built on {results}.</source>
        <translation>构建结果：{results}。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{count} advice found.</source>
        <translation>找到 {count} 条建议。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Measured.</source>
        <translation>已测量。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Apply advice</source>
        <translation>应用建议</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply this change?</source>
        <translation>应用此修改吗？</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The Dockerfile changed since this advice, or its tab is closed: ask for advice again.</source>
        <translation>Dockerfile 在给出这条建议后已改变，或其标签页已关闭：请重新获取建议。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot write {path} ({reason}): check its permissions.</source>
        <translation>无法写入 {path}（{reason}）：请检查其权限。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Applied: {advice}. Ask for advice again to refresh.</source>
        <translation>已应用：{advice}。请重新获取建议以刷新。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot restore {path} ({reason}): check its permissions.</source>
        <translation>无法恢复 {path}（{reason}）：请检查其权限。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Cannot write {path} ({reason}): pick another place.</source>
        <translation>无法写入 {path}（{reason}）：请换一个位置。</translation>
    </message>
</context>
<context>
    <name>StackControls</name>
    <message>
        <location filename="../../workbench/gui/overlay/controls.py" line="-187"/>
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
    <name>TerminalView</name>
    <message>
        <location filename="../../workbench/gui/containers/terminal.py" line="+42"/>
        <source>[the shell ended]</source>
        <translation>[Shell 已结束]</translation>
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
    <name>Treemap</name>
    <message>
        <location filename="../../workbench/gui/review/treemap.py" line="+108"/>
        <source>No size changed between the two images.</source>
        <translation>两个镜像之间没有大小变化。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{path}: {delta} ({bytes:+,} bytes)</source>
        <translation>{path}：{delta}（{bytes:+,} 字节）</translation>
    </message>
</context>
<context>
    <name>TrendChart</name>
    <message>
        <location filename="../../workbench/gui/review/history_view.py" line="-170"/>
        <location line="+12"/>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>wasted</source>
        <translation>浪费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Builds of this Dockerfile</source>
        <translation>此 Dockerfile 的构建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>build</source>
        <translation>构建</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Build {number}: {label}</source>
        <translation>第 {number} 次构建：{label}</translation>
    </message>
</context>
<context>
    <name>VerdictView</name>
    <message>
        <location filename="../../workbench/gui/review/verdict_view.py" line="+45"/>
        <source>HTML report</source>
        <translation>HTML 报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown (pull request)</source>
        <translation>Markdown（合并请求）</translation>
    </message>
    <message>
        <location line="+51"/>
        <location line="+20"/>
        <source>Review</source>
        <translation>审查</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>One PASS/FAIL verdict for the image in the timeline and the open Dockerfile: dive&apos;s CI rules, budgets, hardening and hadolint</source>
        <translation>对时间线中的镜像和打开的 Dockerfile 给出一个 PASS/FAIL 结论：dive 的 CI 规则、预算、加固检查和 hadolint</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No review yet.</source>
        <translation>尚未审查。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build or open an image, open its Dockerfile, then Review.</source>
        <translation>构建或打开一个镜像，打开它的 Dockerfile，然后点击“审查”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Message</source>
        <translation>信息</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Write the report as HTML, Markdown, JUnit, SARIF or JSON</source>
        <translation>将报告写成 HTML、Markdown、JUnit、SARIF 或 JSON</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review first.</source>
        <translation>请先审查。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no image in the timeline: build or open one, then review it.</source>
        <translation>时间线中没有镜像：请构建或打开一个，然后审查。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The Dockerfile cannot be read: {reason}.</source>
        <translation>无法读取 Dockerfile：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Without a Dockerfile: save it to review its lines too.</source>
        <translation>未带 Dockerfile：保存它才能同时审查其中的各行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The editor has unsaved changes: the saved Dockerfile is reviewed.</source>
        <translation>编辑器中有未保存的修改：审查的是已保存的 Dockerfile。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Reviewing {source}…</source>
        <translation>正在审查 {source}…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{name}: {failed} failed, {passed} passed, {skipped} skipped</source>
        <translation>{name}：{failed} 项失败，{passed} 项通过，{skipped} 项跳过</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Reviewed {name}.</source>
        <translation>已审查 {name}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Click a reason to see where it comes from.</source>
        <translation>点击某条原因可查看其出处。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Export the review as {format}</source>
        <translation>将审查结果导出为 {format}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Review first, then export the report.</source>
        <translation>请先审查，再导出报告。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The report could not be written to {path}: {reason}.</source>
        <translation>无法将报告写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Wrote the {format} to {path}.</source>
        <translation>已将 {format} 写入 {path}。</translation>
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
        <translation>合并层 (squash)</translation>
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
