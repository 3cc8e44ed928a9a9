<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>CommitDialog</name>
    <message>
        <location filename="../../workbench/gui/containers/panel.py" line="+79"/>
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
        <location filename="../../workbench/gui/review/compare_view.py" line="+48"/>
        <source>HTML report</source>
        <translation>HTML 报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Markdown (pull request)</source>
        <translation>Markdown（合并请求）</translation>
    </message>
    <message>
        <location line="+24"/>
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
        <location line="+11"/>
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
    <name>ContainersPanel</name>
    <message>
        <location filename="../../workbench/gui/containers/panel.py" line="-30"/>
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
        <translation>Shell…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes</source>
        <translation>变更</translation>
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
        <location line="+106"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="-106"/>
        <location line="+107"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <location line="+49"/>
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
        <location line="+10"/>
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
    <name>ReviewPanel</name>
    <message>
        <location filename="../../workbench/gui/review/panel.py" line="+29"/>
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
        <location filename="../../workbench/gui/sizes/panel.py" line="+93"/>
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
        <location line="+250"/>
        <source>Export {format}</source>
        <translation>导出 {format}</translation>
    </message>
    <message>
        <location line="-247"/>
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
        <location line="+51"/>
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
        <location line="+15"/>
        <source>Built on {results}; kept as {tags}.</source>
        <translation>构建结果：{results}；保留为 {tags}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Built on {results}.</source>
        <translation>构建结果：{results}。</translation>
    </message>
    <message>
        <location line="+10"/>
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
    <name>TerminalView</name>
    <message>
        <location filename="../../workbench/gui/containers/terminal.py" line="+42"/>
        <source>[the shell ended]</source>
        <translation>[Shell 已结束]</translation>
    </message>
</context>
<context>
    <name>Treemap</name>
    <message>
        <location filename="../../workbench/gui/review/treemap.py" line="+163"/>
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
        <location filename="../../workbench/gui/review/verdict_view.py" line="+44"/>
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
        <source>Review</source>
        <translation>审查</translation>
    </message>
    <message>
        <location line="+1"/>
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
        <location line="+4"/>
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
        <location line="+25"/>
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
        <location line="+21"/>
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
        <location line="+25"/>
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
</TS>
