<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About PicProof</source>
        <translation>关于 PicProof</translation>
    </message>
    <message>
        <source>&lt;h2&gt;PicProof {version}&lt;/h2&gt;&lt;p&gt;Find your photos in screenshots, keep the evidence, write the letters.&lt;/p&gt;&lt;p&gt;Licence: GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;PicProof {version}&lt;/h2&gt;&lt;p&gt;在截图中找到您的照片，保存证据，撰写函件。&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Third-party components</source>
        <translation>第三方组件</translation>
    </message>
</context>
<context>
    <name>AddToCaseDialog</name>
    <message>
        <source>Add to case</source>
        <translation>加入案件</translation>
    </message>
    <message>
        <source>The screenshot and your original photo are copied into the case as evidence, with their SHA-256 fingerprints and the time. This stays on this computer.</source>
        <translation>截图和您的原始照片会作为证据复制到案件中，并记录它们的 SHA-256 指纹和时间。这些都只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Existing case</source>
        <translation>已有案件</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Give the new case a short name.</source>
        <translation>请为新案件起一个简短的名称。</translation>
    </message>
</context>
<context>
    <name>CaptureDialog</name>
    <message>
        <source>PicProof — Capture a screen region</source>
        <translation>PicProof — 截取屏幕区域</translation>
    </message>
    <message>
        <source>Drag a rectangle around the picture. Press Esc to cancel.</source>
        <translation>在图片周围拖出一个矩形。按 Esc 取消。</translation>
    </message>
</context>
<context>
    <name>CaseDetailView</name>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>Custody log</source>
        <translation>保管记录</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Time-stamp evidence</source>
        <translation>为证据加盖时间戳</translation>
    </message>
    <message>
        <source>Export evidence bundle…</source>
        <translation>导出证据包…</translation>
    </message>
    <message>
        <source>Write a letter…</source>
        <translation>撰写函件…</translation>
    </message>
    <message>
        <source>Add deadline…</source>
        <translation>添加期限…</translation>
    </message>
    <message>
        <source>No case selected</source>
        <translation>未选择案件</translation>
    </message>
    <message>
        <source>Create a case, or add a match to a case from Results.</source>
        <translation>新建一个案件，或在“结果”中把匹配加入案件。</translation>
    </message>
    <message>
        <source>The custody log is intact: every entry is chained to the one before it.</source>
        <translation>保管记录完整：每条记录都与前一条链接。</translation>
    </message>
    <message>
        <source>Add files as evidence</source>
        <translation>将文件添加为证据</translation>
    </message>
    <message>
        <source>Saving evidence</source>
        <translation>正在保存证据</translation>
    </message>
    <message>
        <source>Time-stamping evidence</source>
        <translation>正在加盖时间戳</translation>
    </message>
    <message>
        <source>{done} items were time-stamped; {pending} are still waiting because no service answered. Try again later.</source>
        <translation>已为 {done} 项加盖时间戳；{pending} 项仍在等待，因为没有服务响应。请稍后再试。</translation>
    </message>
    <message>
        <source>{done} items time-stamped.</source>
        <translation>已为 {done} 项加盖时间戳。</translation>
    </message>
    <message>
        <source>Export evidence bundle</source>
        <translation>导出证据包</translation>
    </message>
    <message>
        <source>Evidence bundle (*.zip)</source>
        <translation>证据包 (*.zip)</translation>
    </message>
    <message>
        <source>Exporting evidence</source>
        <translation>正在导出证据</translation>
    </message>
    <message>
        <source>Bundle saved: {path}</source>
        <translation>证据包已保存：{path}</translation>
    </message>
    <message>
        <source>Mark done / not done</source>
        <translation>标记为已完成 / 未完成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open a copy in this computer&apos;s viewer</source>
        <translation>用这台电脑的查看程序打开一份副本</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Reopen case</source>
        <translation>重新打开案件</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Bring back from the archive</source>
        <translation>从归档中恢复</translation>
    </message>
    <message>
        <source>Archive case…</source>
        <translation>归档案件…</translation>
    </message>
    <message>
        <source>{kind} · opened {created} · {count} evidence items, {stamped} with a trusted time stamp · status: {status}</source>
        <translation>{kind} · 创建于 {created} · {count} 项证据，其中 {stamped} 项有可信时间戳 · 状态：{status}</translation>
    </message>
    <message>
        <source>Warning: the custody log has been altered (at entry {seq}). Keep a copy of the data folder and ask for help before using this case.</source>
        <translation>警告：保管记录已被改动（第 {seq} 条）。请先备份数据文件夹并寻求帮助，再使用此案件。</translation>
    </message>
    <message>
        <source>No time-stamping service can be used. Allow the built-in services or add one in Settings first.</source>
        <translation>目前没有可用的时间戳服务。请先允许使用内置服务，或在“设置”中添加一个。</translation>
    </message>
    <message>
        <source>Rename case</source>
        <translation>重命名案件</translation>
    </message>
    <message>
        <source>New name of the case:</source>
        <translation>案件的新名称：</translation>
    </message>
    <message>
        <source>Archive case</source>
        <translation>归档案件</translation>
    </message>
    <message>
        <source>Archive &quot;{title}&quot;? It leaves the list of cases but nothing is erased: its evidence and custody log stay as they are, and the archiving itself is recorded in the log. Show archived cases to bring it back.</source>
        <translation>归档“{title}”？它会从案件列表中移出，但不会删除任何内容：证据和保管记录保持原样，归档本身也会记入保管记录。勾选“显示已归档的案件”即可找回。</translation>
    </message>
</context>
<context>
    <name>CaseTables</name>
    <message>
        <source>not yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>收集时间</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Trusted time stamp</source>
        <translation>可信时间戳</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>your photo (not copied into the case)</source>
        <translation>您的照片（未复制到案件中）</translation>
    </message>
    <message>
        <source>accepted as your photo</source>
        <translation>已确认是您的照片</translation>
    </message>
    <message>
        <source>not your photo</source>
        <translation>不是您的照片</translation>
    </message>
    <message>
        <source>Your photo</source>
        <translation>您的照片</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>发现于</translation>
    </message>
    <message>
        <source>How sure</source>
        <translation>可信程度</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Your decision</source>
        <translation>您的决定</translation>
    </message>
    <message>
        <source>not reviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <source>SHA-256 of your photo: {hash}</source>
        <translation>您照片的 SHA-256：{hash}</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>发生了什么</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Entry fingerprint</source>
        <translation>记录指纹</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>CaseWords</name>
    <message>
        <source>Case opened</source>
        <translation>创建案件</translation>
    </message>
    <message>
        <source>Case details changed</source>
        <translation>修改案件信息</translation>
    </message>
    <message>
        <source>Case moved to the clinic database</source>
        <translation>案件移入机构数据库</translation>
    </message>
    <message>
        <source>Evidence added</source>
        <translation>添加证据</translation>
    </message>
    <message>
        <source>Evidence corrected</source>
        <translation>更正证据</translation>
    </message>
    <message>
        <source>Evidence set aside</source>
        <translation>搁置证据</translation>
    </message>
    <message>
        <source>Web page saved</source>
        <translation>保存网页</translation>
    </message>
    <message>
        <source>Match accepted as your photo</source>
        <translation>确认匹配为您的照片</translation>
    </message>
    <message>
        <source>Match marked as not your photo</source>
        <translation>标记匹配不是您的照片</translation>
    </message>
    <message>
        <source>Match decision withdrawn</source>
        <translation>撤回匹配决定</translation>
    </message>
    <message>
        <source>Match decision undone</source>
        <translation>撤销匹配决定</translation>
    </message>
    <message>
        <source>Letter written</source>
        <translation>生成函件</translation>
    </message>
    <message>
        <source>Letter marked as sent</source>
        <translation>函件标记为已发送</translation>
    </message>
    <message>
        <source>Trusted time stamp obtained</source>
        <translation>取得可信时间戳</translation>
    </message>
    <message>
        <source>Evidence bundle exported</source>
        <translation>导出证据包</translation>
    </message>
    <message>
        <source>Evidence bundle imported</source>
        <translation>导入证据包</translation>
    </message>
    <message>
        <source>Deadline added</source>
        <translation>添加期限</translation>
    </message>
    <message>
        <source>Deadline done</source>
        <translation>期限已完成</translation>
    </message>
    <message>
        <source>Deadline reopened</source>
        <translation>期限重新打开</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>notice sent</source>
        <translation>已发通知</translation>
    </message>
    <message>
        <source>counter-notice received</source>
        <translation>已收到反通知</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>已归档</translation>
    </message>
    <message>
        <source>Fake profile / impersonation</source>
        <translation>假冒账号 / 冒充身份</translation>
    </message>
    <message>
        <source>Copied product photos / shop</source>
        <translation>商品图片被盗用 / 店铺</translation>
    </message>
    <message>
        <source>Other use of my photos</source>
        <translation>照片的其他盗用</translation>
    </message>
    <message>
        <source>suspect picture</source>
        <translation>可疑图片</translation>
    </message>
    <message>
        <source>your original</source>
        <translation>您的原图</translation>
    </message>
    <message>
        <source>web page</source>
        <translation>网页</translation>
    </message>
    <message>
        <source>page image</source>
        <translation>网页图片</translation>
    </message>
    <message>
        <source>match picture</source>
        <translation>匹配对照图</translation>
    </message>
    <message>
        <source>letter</source>
        <translation>函件</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>聊天记录</translation>
    </message>
    <message>
        <source>identity document</source>
        <translation>身份证件</translation>
    </message>
    <message>
        <source>proof of ownership</source>
        <translation>权属证明</translation>
    </message>
    <message>
        <source>authorisation</source>
        <translation>授权委托书</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Reply to seller&apos;s counter-notice (China E-commerce Law art. 43: 15 days)</source>
        <translation>回复卖家的不侵权声明（《电子商务法》第四十三条：15 日）</translation>
    </message>
    <message>
        <source>DMCA counter-notice: file suit before the photo is restored</source>
        <translation>DMCA 反通知：在照片恢复之前提起诉讼</translation>
    </message>
    <message>
        <source>Platform&apos;s answer to your report</source>
        <translation>平台对您投诉的答复</translation>
    </message>
</context>
<context>
    <name>CasesView</name>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>New case…</source>
        <translation>新建案件…</translation>
    </message>
    <message>
        <source>Import a bundle…</source>
        <translation>导入证据包…</translation>
    </message>
    <message>
        <source>Receive a case someone sent you as an evidence bundle (.zip)</source>
        <translation>接收别人以证据包（.zip）形式发给您的案件</translation>
    </message>
    <message>
        <source>Show archived cases</source>
        <translation>显示已归档的案件</translation>
    </message>
    <message>
        <source>Deadline soon: {case} — {due} ({days} days left)</source>
        <translation>期限临近：{case} — {due}（还剩 {days} 天）</translation>
    </message>
    <message>
        <source>Each case keeps the evidence for one fake profile or copied listing, with a tamper-evident log of everything you did.</source>
        <translation>每个案件保存一个虚假账号或被抄袭商品页面的证据，并以防篡改的记录保存您的每一步操作。</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>A short name for the case (for example the fake account&apos;s name):</source>
        <translation>案件的简短名称（例如虚假账号的名字）：</translation>
    </message>
    <message>
        <source>Import an evidence bundle</source>
        <translation>导入证据包</translation>
    </message>
    <message>
        <source>Evidence bundle (*.zip)</source>
        <translation>证据包 (*.zip)</translation>
    </message>
    <message>
        <source>Checking and importing the bundle</source>
        <translation>正在检查并导入证据包</translation>
    </message>
    <message>
        <source>The bundle passed every check and was imported as the case {title}.</source>
        <translation>证据包通过了全部检查，已导入为案件“{title}”。</translation>
    </message>
</context>
<context>
    <name>CheckView</name>
    <message>
        <source>Check screenshots</source>
        <translation>检查截图</translation>
    </message>
    <message>
        <source>Bring in screenshots or saved pictures of the profile, listing or post you suspect. PicProof looks for your own photos inside them, on this computer.</source>
        <translation>导入可疑账号、商品页面或帖子的截图或已保存的图片。PicProof 会在本机上查找其中是否有您自己的照片。</translation>
    </message>
    <message>
        <source>Drop screenshots or folders here

or paste a picture with Ctrl+V</source>
        <translation>将截图或文件夹拖放到这里

或按 Ctrl+V 粘贴图片</translation>
    </message>
    <message>
        <source>Open pictures…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <source>Open a folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Paste picture</source>
        <translation>粘贴图片</translation>
    </message>
    <message>
        <source>Capture part of the screen…</source>
        <translation>截取屏幕的一部分…</translation>
    </message>
    <message>
        <source>Web address:</source>
        <translation>网址：</translation>
    </message>
    <message>
        <source>Save page and check</source>
        <translation>保存网页并检查</translation>
    </message>
    <message>
        <source>Choose screenshots to check</source>
        <translation>选择要检查的截图</translation>
    </message>
    <message>
        <source>Pictures ({patterns})</source>
        <translation>图片 ({patterns})</translation>
    </message>
    <message>
        <source>Choose a folder of screenshots</source>
        <translation>选择截图所在的文件夹</translation>
    </message>
    <message>
        <source>The clipboard holds no picture. Copy a picture (or take a screenshot) first.</source>
        <translation>剪贴板中没有图片。请先复制图片（或截屏）。</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>截取</translation>
    </message>
    <message>
        <source>This system did not allow PicProof to capture the screen. Take a screenshot with your system&apos;s tool and paste it here instead.</source>
        <translation>系统不允许 PicProof 截取屏幕。请用系统自带的截图工具截屏，然后粘贴到这里。</translation>
    </message>
    <message>
        <source>PicProof will download this page and its pictures from the site and keep them in the case as evidence, with their SHA-256 fingerprints and the time. The site sees your internet address, as with any visit; nothing else is sent.</source>
        <translation>PicProof 会从该网站下载这个网页及其中的图片，作为证据保存到案件中，并记录 SHA-256 指纹和时间。和任何一次访问一样，该网站会看到您的网络地址；除此之外不发送任何内容。</translation>
    </message>
    <message>
        <source>Save web page into a case</source>
        <translation>将网页保存到案件</translation>
    </message>
    <message>
        <source>Saving {url}…</source>
        <translation>正在保存 {url}…</translation>
    </message>
    <message>
        <source>Saving web page</source>
        <translation>正在保存网页</translation>
    </message>
    <message>
        <source>The page was saved in the case, but it contains no pictures PicProof could keep. Take a screenshot of the page and paste it here.</source>
        <translation>网页已保存到案件中，但其中没有 PicProof 能保存的图片。请对网页截屏并粘贴到这里。</translation>
    </message>
    <message>
        <source>Saving the picture</source>
        <translation>正在保存图片</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>No pictures were found there. PicProof reads JPEG, PNG, WebP, HEIC, AVIF, BMP, GIF and TIFF files.</source>
        <translation>那里没有找到图片。PicProof 可读取 JPEG、PNG、WebP、HEIC、AVIF、BMP、GIF 和 TIFF 文件。</translation>
    </message>
    <message>
        <source>Add your own photos first (My photos), so PicProof knows what to look for.</source>
        <translation>请先添加您自己的照片（“我的照片”），PicProof 才知道要找什么。</translation>
    </message>
    <message>
        <source>Checking {count} picture(s)…</source>
        <translation>正在检查 {count} 张图片…</translation>
    </message>
    <message>
        <source>Checking screenshots</source>
        <translation>正在检查截图</translation>
    </message>
    <message>
        <source>Check stopped.</source>
        <translation>检查已停止。</translation>
    </message>
    <message>
        <source>Checked {count} picture(s); your photos were found in {found}.</source>
        <translation>已检查 {count} 张图片；其中 {found} 张含有您的照片。</translation>
    </message>
</context>
<context>
    <name>ClinicErrorText</name>
    <message>
        <source>This is not a clinic database address; it looks like postgresql://name@server:5432/database.</source>
        <translation>这不是诊所数据库地址；地址的格式是 postgresql://用户名@服务器:5432/数据库。</translation>
    </message>
    <message>
        <source>The clinic server {server} cannot be reached. Check that it is running and that this computer is on the clinic&apos;s network. Nothing was changed.</source>
        <translation>无法连接诊所服务器 {server}。请确认服务器正在运行，并且这台电脑连在诊所的网络上。没有做任何更改。</translation>
    </message>
    <message>
        <source>The clinic server refused the password of {user}. Check it, or ask the clinic&apos;s administrator to reset it.</source>
        <translation>诊所服务器拒绝了 {user} 的密码。请检查密码，或请诊所管理员重设。</translation>
    </message>
    <message>
        <source>The clinic server needs the password of {user}. Enter it in Settings → Shared clinic database.</source>
        <translation>诊所服务器需要 {user} 的密码。请在“设置 → 共享的诊所数据库”中输入。</translation>
    </message>
    <message>
        <source>The clinic server does not let {user} log in. Ask the clinic&apos;s administrator.</source>
        <translation>诊所服务器不允许 {user} 登录。请联系诊所管理员。</translation>
    </message>
    <message>
        <source>The clinic server {server} has no such database.</source>
        <translation>诊所服务器 {server} 上没有这个数据库。</translation>
    </message>
    <message>
        <source>The clinic server is busy. Nothing was changed; try again in a minute.</source>
        <translation>诊所服务器正忙。没有做任何更改；请一分钟后再试。</translation>
    </message>
    <message>
        <source>The clinic server&apos;s disk is full, so nothing was saved. Ask the clinic&apos;s IT helper to free space, then add the item again.</source>
        <translation>诊所服务器的磁盘已满，所以没有保存任何内容。请诊所的 IT 人员腾出空间，然后再添加一次。</translation>
    </message>
    <message>
        <source>The secure connection to {server} failed: {detail}. Check the certificate file and the server name in the address.</source>
        <translation>与 {server} 的安全连接失败：{detail}。请检查证书文件和地址中的服务器名称。</translation>
    </message>
    <message>
        <source>The database at {server} is not set up for PicProof yet. The clinic&apos;s administrator sets it up with: picproof clinic init</source>
        <translation>{server} 上的数据库还没有为 PicProof 设置好。诊所管理员可以用这条命令设置：picproof clinic init</translation>
    </message>
    <message>
        <source>The clinic database is older than this PicProof. Ask the administrator to upgrade it with: picproof clinic init</source>
        <translation>诊所数据库的版本比这个 PicProof 旧。请管理员用这条命令升级：picproof clinic init</translation>
    </message>
    <message>
        <source>{user} is not one of this clinic&apos;s PicProof users. Ask the administrator to add you.</source>
        <translation>{user} 不是这个诊所的 PicProof 用户。请管理员把你加进来。</translation>
    </message>
    <message>
        <source>You are not allowed to do that in the clinic database.</source>
        <translation>你在诊所数据库中没有执行这项操作的权限。</translation>
    </message>
    <message>
        <source>The connection to the clinic server was lost. What is shown as saved is saved; what you were adding was not: add it again when the server is back.</source>
        <translation>与诊所服务器的连接中断了。显示为已保存的内容都已保存；正在添加的内容没有保存：服务器恢复后请再添加一次。</translation>
    </message>
    <message>
        <source>The case {title} is already in the clinic database.</source>
        <translation>案件 {title} 已经在诊所数据库中。</translation>
    </message>
</context>
<context>
    <name>ClinicSettingsBox</name>
    <message>
        <source>Shared clinic database</source>
        <translation>共享的诊所数据库</translation>
    </message>
    <message>
        <source>A legal-aid clinic can keep its cases, evidence and custody logs on its own PostgreSQL server, shared by its staff. Your photo library and the matching index stay on this computer. Leave it empty to keep cases on this computer.</source>
        <translation>法律援助诊所可以把案件、证据和保管记录放在自己的 PostgreSQL 服务器上，由工作人员共享。你的照片库和比对索引仍然留在这台电脑上。留空则案件保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Database address</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>kept in this computer&apos;s password store</source>
        <translation>保存在这台电脑的密码库中</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Keep cases on this computer</source>
        <translation>案件保存在这台电脑上</translation>
    </message>
    <message>
        <source>Connecting to {server}…</source>
        <translation>正在连接 {server}…</translation>
    </message>
    <message>
        <source>Cases are kept in the clinic database {server}; you are {user} ({role}).</source>
        <translation>案件保存在诊所数据库 {server} 中；你的身份是 {user}（{role}）。</translation>
    </message>
    <message>
        <source>Cases are kept in the clinic database {server}.</source>
        <translation>案件保存在诊所数据库 {server} 中。</translation>
    </message>
    <message>
        <source>Cases are kept on this computer.</source>
        <translation>案件保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Enter the address your clinic gave you; it starts with postgresql://</source>
        <translation>请输入诊所提供的地址；它以 postgresql:// 开头</translation>
    </message>
    <message>
        <source>Connecting to the clinic database</source>
        <translation>正在连接诊所数据库</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>lawyer</source>
        <translation>律师</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>database owner</source>
        <translation>数据库所有者</translation>
    </message>
</context>
<context>
    <name>DeadlineDialog</name>
    <message>
        <source>Add deadline</source>
        <extracomment>Deadline kinds with a rule count from a start day; the others take their due date as given.</extracomment>
        <translation>添加期限</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Counter-notice received on</source>
        <translation>收到反通知的日期</translation>
    </message>
    <message>
        <source>Due on</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>PicProof counts the days and reminds you three days before.</source>
        <translation>PicProof 会计算天数，并在到期前三天提醒您。</translation>
    </message>
    <message>
        <source>PicProof reminds you three days before this date.</source>
        <translation>PicProof 会在此日期前三天提醒您。</translation>
    </message>
</context>
<context>
    <name>EnclosureBox</name>
    <message>
        <source>Enclosures (listed in the letter as enclosed or to be supplied)</source>
        <translation>附件（函件中列明已附或待补充）</translation>
    </message>
    <message>
        <source>Your identity document</source>
        <translation>您的身份证件</translation>
    </message>
    <message>
        <source>Proof the photos are yours</source>
        <translation>照片权属证明</translation>
    </message>
    <message>
        <source>Authorisation (when you act for someone)</source>
        <translation>授权委托书（代他人发函时）</translation>
    </message>
    <message>
        <source>Add file…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>to be supplied</source>
        <translation>待补充</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Documents and pictures (*)</source>
        <translation>文件和图片 (*)</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>The file {path} is empty. Choose another copy of the picture.</source>
        <translation>文件 {path} 是空的。请选择这张图片的其他副本。</translation>
    </message>
    <message>
        <source>{path} is not a picture PicProof can read. Save it as JPEG or PNG and try again.</source>
        <translation>{path} 不是 PicProof 能读取的图片。请另存为 JPEG 或 PNG 后重试。</translation>
    </message>
    <message>
        <source>The picture format of {path} is not supported. Save it as JPEG or PNG and try again.</source>
        <translation>不支持 {path} 的图片格式。请另存为 JPEG 或 PNG 后重试。</translation>
    </message>
    <message>
        <source>The picture {path} is damaged (the file ends too early). Download or copy it again.</source>
        <translation>图片 {path} 已损坏（文件不完整）。请重新下载或复制。</translation>
    </message>
    <message>
        <source>The picture {path} is too large to open safely. Take a smaller screenshot.</source>
        <translation>图片 {path} 太大，无法安全打开。请截取一张较小的截图。</translation>
    </message>
    <message>
        <source>The picture {path} is damaged and cannot be opened. Try another copy.</source>
        <translation>图片 {path} 已损坏，无法打开。请尝试其他副本。</translation>
    </message>
    <message>
        <source>The file {path} cannot be read. Check that it still exists and that you may open it.</source>
        <translation>无法读取文件 {path}。请确认它仍然存在，并且您有权限打开。</translation>
    </message>
    <message>
        <source>{path} does not exist or is not a file.</source>
        <translation>{path} 不存在或不是文件。</translation>
    </message>
    <message>
        <source>This item no longer exists. Refresh the list and try again.</source>
        <translation>该项目已不存在。请刷新列表后重试。</translation>
    </message>
    <message>
        <source>The folder {path} does not exist. Is the drive connected?</source>
        <translation>文件夹 {path} 不存在。磁盘是否已连接？</translation>
    </message>
    <message>
        <source>{path} is not a folder. Choose a folder that contains your photos.</source>
        <translation>{path} 不是文件夹。请选择存放您照片的文件夹。</translation>
    </message>
    <message>
        <source>You have not added any photo folders yet. Go to My photos and add one.</source>
        <translation>您还没有添加照片文件夹。请到“我的照片”中添加。</translation>
    </message>
    <message>
        <source>Your data was saved by a newer version of PicProof. Install the newer version to open it.</source>
        <translation>您的数据由更新版本的 PicProof 保存。请安装新版本后再打开。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>{path} has changed since it was checked, so it is no longer the picture you reviewed. Nothing was saved. Check the picture again, then add it to the case.</source>
        <translation>{path} 在检查之后已被改动，已不是您审核过的那张图片。没有保存任何内容。请重新检查这张图片，再把它加入案件。</translation>
    </message>
    <message>
        <source>{path} is no longer where it was checked (moved or deleted?). Nothing was saved. Check the picture again from its new place.</source>
        <translation>{path} 已不在检查时的位置（被移动或删除了？）。没有保存任何内容。请从新的位置重新检查这张图片。</translation>
    </message>
    <message>
        <source>This computer has no secure password store, so the password was not saved. PicProof never writes passwords to plain files.</source>
        <translation>这台电脑没有安全的密码存储，因此密码未被保存。PicProof 从不把密码写入普通文件。</translation>
    </message>
    <message>
        <source>The internet service did not answer. Check your connection and try again later.</source>
        <translation>网络服务没有响应。请检查网络连接，稍后再试。</translation>
    </message>
    <message>
        <source>The time-stamping service refused the request. Try again later or choose another service in Settings.</source>
        <translation>时间戳服务拒绝了请求。请稍后再试，或在“设置”中选择其他服务。</translation>
    </message>
    <message>
        <source>The certificate file {path} cannot be opened: the password is wrong, or it is not a .p12/.pfx file holding a key and its certificate.</source>
        <translation>无法打开证书文件 {path}：密码错误，或该文件不是含有私钥及其证书的 .p12/.pfx 文件。</translation>
    </message>
    <message>
        <source>The signing key is no longer in this computer&apos;s password store. Make a new one or import your certificate again in Settings.</source>
        <translation>签名密钥已不在本机的密码库中。请在“设置”中新建密钥，或重新导入您的证书。</translation>
    </message>
    <message>
        <source>The PDF could not be signed: {detail}.</source>
        <translation>无法为该 PDF 签名：{detail}。</translation>
    </message>
    <message>
        <source>Enter your name for the signing key.</source>
        <translation>请输入签名密钥使用的姓名。</translation>
    </message>
    <message>
        <source>The field {field} contains characters PicProof has no font for ({characters}: {codepoints}). The document was not produced rather than printed without them. Write them in another script or leave them out.</source>
        <translation>字段 {field} 含有 PicProof 没有字体可显示的字符（{characters}：{codepoints}）。为避免打印出缺字的文件，本次未生成文件。请改用其他文字书写，或删去这些字符。</translation>
    </message>
    <message>
        <source>The letter cannot be produced yet: some required information is missing.</source>
        <translation>暂时无法生成函件：缺少一些必要信息。</translation>
    </message>
    <message>
        <source>{url} is not a web address PicProof can open. Copy the address again.</source>
        <translation>{url} 不是 PicProof 能打开的网址。请重新复制地址。</translation>
    </message>
    <message>
        <source>The site {url} could not be reached. Check your internet connection and the address, or take a screenshot of the page and paste it instead.</source>
        <translation>无法连接到网站 {url}。请检查网络连接和地址，或者截取网页截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>The site {url} did not answer in time. Try again later, or take a screenshot of the page and paste it instead.</source>
        <translation>网站 {url} 没有及时响应。请稍后再试，或者截取网页截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>The site {url} sent its page too slowly, so saving was stopped. Take a screenshot of the page and paste it instead.</source>
        <translation>网站 {url} 发送网页太慢，已停止保存。请截取网页截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>The site {url} refused to show the page (it may need a login, or the page is gone). Take a screenshot of the page in your browser and paste it instead.</source>
        <translation>网站 {url} 拒绝显示该网页（可能需要登录，或网页已不存在）。请在浏览器中截取网页截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>The page at {url} is too large to save. Take a screenshot of it and paste it instead.</source>
        <translation>{url} 的网页太大，无法保存。请截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>{url} is not a web page or a picture. Take a screenshot of what you see and paste it.</source>
        <translation>{url} 不是网页或图片。请把您看到的内容截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>Give the case a short name.</source>
        <translation>请给案件起一个简短的名称。</translation>
    </message>
    <message>
        <source>{value} is not a date.</source>
        <translation>{value} 不是日期。</translation>
    </message>
    <message>
        <source>This file is too large to keep as evidence.</source>
        <translation>这个文件太大，无法作为证据保存。</translation>
    </message>
    <message>
        <source>{path} is not an evidence bundle. Choose the .zip file PicProof exported.</source>
        <translation>{path} 不是证据包。请选择 PicProof 导出的 .zip 文件。</translation>
    </message>
    <message>
        <source>This case ({title}) is already here, so nothing was imported.</source>
        <translation>此案件（{title}）已经存在，因此没有导入任何内容。</translation>
    </message>
    <message>
        <source>Something went wrong inside PicProof. Your evidence is safe. Please try again; if it happens again, send the log file to support.</source>
        <translation>PicProof 内部出现问题。您的证据是安全的。请重试；如果再次发生，请将日志文件发送给技术支持。</translation>
    </message>
    <message>
        <source>The web page could not be saved. Take a screenshot of the page in your browser and paste it instead.</source>
        <translation>无法保存该网页。请在浏览器中截取网页截图后粘贴到这里。</translation>
    </message>
    <message>
        <source>This bundle contains something unsafe or damaged, so nothing was imported. Ask the sender for a new copy.</source>
        <translation>这个证据包含有不安全或已损坏的内容，因此没有导入任何内容。请让发送者重新发送一份。</translation>
    </message>
    <message>
        <source>This evidence bundle did not pass its checks, so nothing was imported. Ask the sender for a new copy.</source>
        <translation>这个证据包没有通过检查，因此没有导入任何内容。请让发送者重新发送一份。</translation>
    </message>
    <message>
        <source>This could not be done, and nothing was changed. Try again; the technical details below may help someone who supports you.</source>
        <translation>无法完成此操作，没有做任何更改。请再试一次；下方的技术细节可以帮助为您提供支持的人。</translation>
    </message>
    <message>
        <source>PicProof</source>
        <translation>PicProof</translation>
    </message>
</context>
<context>
    <name>EvidenceChoice</name>
    <message>
        <source>your original beside it</source>
        <translation>旁附您的原图</translation>
    </message>
    <message>
        <source>no original linked</source>
        <translation>未关联原图</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export evidence bundle</source>
        <translation>导出证据包</translation>
    </message>
    <message>
        <source>The bundle holds the evidence, the custody log, the time stamps and a report, and anyone can check it with standard tools.</source>
        <translation>证据包中包含证据、保管记录、时间戳和一份报告，任何人都可以用标准工具核验。</translation>
    </message>
    <message>
        <source>Include my original photos</source>
        <translation>包含我的原始照片</translation>
    </message>
    <message>
        <source>Your originals prove the photos are yours. Leave them out if the bundle goes to someone who should not have them: they may show where and when you took them.</source>
        <translation>原始照片能证明这些照片是您的。如果证据包的接收者不应拿到原图，请不要包含：原图可能显示您拍摄的地点和时间。</translation>
    </message>
    <message>
        <source>Include where the files were on this computer</source>
        <translation>包含文件在这台电脑上的位置</translation>
    </message>
</context>
<context>
    <name>ForumCombo</name>
    <message>
        <source>Not chosen yet</source>
        <translation>尚未选择</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>What each page does</source>
        <translation>各个页面的用途</translation>
    </message>
    <message>
        <source>My photos: the folders that hold your own photos. PicProof reads them on this computer and remembers what they look like; nothing is uploaded.</source>
        <translation>我的照片：存放您自己照片的文件夹。PicProof 在这台电脑上读取它们并记住它们的样子；不会上传任何内容。</translation>
    </message>
    <message>
        <source>Check: bring in screenshots or saved pictures of the profile, listing or post you suspect (drop them, open them, paste them, or save a web page).</source>
        <translation>检查：导入可疑账号、商品页面或帖子的截图或保存的图片（拖入、打开、粘贴，或保存网页）。</translation>
    </message>
    <message>
        <source>Results: which of your photos appear inside each picture. Review each match and accept it only if it is your photo; accepted matches go into a case.</source>
        <translation>结果：每张图片中出现了您的哪些照片。逐一审核每个匹配，只有确实是您的照片时才确认；已确认的匹配可加入案件。</translation>
    </message>
    <message>
        <source>Cases: the evidence for one fake profile or copied listing, with a log of everything done to it. Time-stamp it, export it as a bundle anyone can check, add deadlines.</source>
        <translation>案件：一个假冒账号或被抄袭商品页面的证据，并记录对它做过的每一步操作。可以加盖时间戳、导出为任何人都能核验的证据包、添加期限。</translation>
    </message>
    <message>
        <source>Letters: the letter or notice that asks for the copies to be removed.</source>
        <translation>函件：要求删除盗用内容的函件或通知。</translation>
    </message>
    <message>
        <source>Settings: language, your name, text size, colours, time-stamping.</source>
        <translation>设置：语言、您的姓名、文字大小、颜色、时间戳服务。</translation>
    </message>
    <message>
        <source>How to read a match</source>
        <translation>如何看懂一个匹配</translation>
    </message>
    <message>
        <source>Identical file: the very same file as your photo (the same SHA-256 fingerprint). Same photo: your photo, perhaps cropped, mirrored, resized or recompressed. Possible match: look carefully before accepting.</source>
        <translation>完全相同的文件：与您的照片是同一个文件（SHA-256 指纹相同）。同一张照片：是您的照片，可能被裁剪、镜像、缩放或重新压缩。可能匹配：确认前请仔细查看。</translation>
    </message>
    <message>
        <source>The outline on the left shows where your photo was found in the picture; the outline on the right shows which part of your photo is visible. The score (of 100) and the matching points say how much of the picture agrees.</source>
        <translation>左侧的框线标出在图片中找到您照片的位置；右侧的框线标出您照片中可见的部分。分数（满分 100）和匹配点数表示两者有多少内容一致。</translation>
    </message>
    <message>
        <source>Accept only if it is this very photo: another shot of the same scene, taken a moment or a step apart, is a different photo. If unsure, mark it as not a match: a wrong accusation is worse than a missed copy.</source>
        <translation>只有确实是这张照片时才确认：同一场景在稍后或稍微换个位置拍的另一张，是另一张照片。如果不确定，请标记为“不是匹配”：错误的指控比漏掉一处盗用更糟。</translation>
    </message>
    <message>
        <source>What a trusted time stamp proves</source>
        <translation>可信时间戳能证明什么</translation>
    </message>
    <message>
        <source>A time-stamping service signs the SHA-256 fingerprint of an evidence file together with the time. It proves the file existed, unchanged, at that time. Only the fingerprint is sent, never the picture.</source>
        <translation>时间戳服务会对证据文件的 SHA-256 指纹连同时间一起签名。它证明该文件在那个时间已经存在且未被改动。只发送指纹，从不发送图片。</translation>
    </message>
    <message>
        <source>It does not prove who made the file or where it came from: that is what the acquisition facts, your originals and the custody log are for.</source>
        <translation>它不能证明文件由谁制作或来自哪里：这要靠取证信息、您的原图和保管记录来证明。</translation>
    </message>
    <message>
        <source>Accept the match shown (Results)</source>
        <translation>确认当前显示的匹配（结果）</translation>
    </message>
    <message>
        <source>Mark the match shown as not a match (Results)</source>
        <translation>把当前显示的匹配标记为“不是匹配”（结果）</translation>
    </message>
    <message>
        <source>Show or hide the matching points (Results)</source>
        <translation>显示或隐藏匹配点（结果）</translation>
    </message>
    <message>
        <source>Undo the last decision (Results)</source>
        <translation>撤销上一个决定（结果）</translation>
    </message>
    <message>
        <source>Check screenshots…</source>
        <translation>检查截图…</translation>
    </message>
    <message>
        <source>Paste a picture to check</source>
        <translation>粘贴图片进行检查</translation>
    </message>
    <message>
        <source>Go to a page (My photos … Settings)</source>
        <translation>转到页面（我的照片 … 设置）</translation>
    </message>
    <message>
        <source>Stop the task shown in the status bar</source>
        <translation>停止状态栏中显示的任务</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>JobStatusView</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running task (Esc)</source>
        <translation>停止正在运行的任务（Esc）</translation>
    </message>
    <message>
        <source>{label}: {done} of {total}</source>
        <translation>{label}：{done} / {total}</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>LetterFieldsView</name>
    <message>
        <source>One per line. </source>
        <translation>每行一项。</translation>
    </message>
    <message>
        <source>Example:</source>
        <translation>示例：</translation>
    </message>
    <message>
        <source>Date as YYYY-MM-DD, e.g. 2026-11-02</source>
        <translation>日期格式 YYYY-MM-DD，例如 2026-11-02</translation>
    </message>
    <message>
        <source>Example: {example}</source>
        <translation>示例：{example}</translation>
    </message>
</context>
<context>
    <name>LetterSavePanel</name>
    <message>
        <source>Save PDF…</source>
        <translation>保存 PDF…</translation>
    </message>
    <message>
        <source>Save Word…</source>
        <translation>保存 Word…</translation>
    </message>
    <message>
        <source>I sent this letter</source>
        <translation>我已发出此函</translation>
    </message>
    <message>
        <source>Keeps the saved file in the case as evidence, with a custody-log entry.</source>
        <translation>将已保存的文件作为证据存入案件，并记入保管日志。</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Save letter</source>
        <translation>保存函件</translation>
    </message>
    <message>
        <source>Saved {name} (SHA-256 {hash}…). It is a draft, not kept in the case. When you have sent it, press “I sent this letter”.</source>
        <translation>已保存 {name}（SHA-256 {hash}…）。这是草稿，未存入案件。发出后请点击“我已发出此函”。</translation>
    </message>
    <message>
        <source> Signed and timestamped (PDF/A).</source>
        <translation>已签名并加盖时间戳（PDF/A）。</translation>
    </message>
    <message>
        <source>Writing the letter</source>
        <translation>正在生成函件</translation>
    </message>
    <message>
        <source>{name} is kept in the case as evidence (custody log: letter sent).</source>
        <translation>{name} 已作为证据存入案件（保管日志：函件已发出）。</translation>
    </message>
    <message>
        <source>Keeping the sent letter</source>
        <translation>正在保存已发出的函件</translation>
    </message>
</context>
<context>
    <name>LetterWizard</name>
    <message>
        <source>Mainland China</source>
        <translation>中国内地</translation>
    </message>
    <message>
        <source>Hong Kong</source>
        <translation>香港</translation>
    </message>
    <message>
        <source>United States</source>
        <translation>美国</translation>
    </message>
    <message>
        <source>European Union</source>
        <translation>欧盟</translation>
    </message>
    <message>
        <source>Elsewhere</source>
        <translation>其他地方</translation>
    </message>
    <message>
        <source>an impersonation case</source>
        <translation>冒名案件</translation>
    </message>
    <message>
        <source>a copied-product case</source>
        <translation>商品盗图案件</translation>
    </message>
    <message>
        <source>Suggested for {case}.</source>
        <translation>根据{case}推荐。</translation>
    </message>
    <message>
        <source>this case</source>
        <translation>本案</translation>
    </message>
    <message>
        <source>{platform} is run from {place}, so the letter cites the law there.</source>
        <translation>{platform} 的运营地在{place}，因此函件援引当地法律。</translation>
    </message>
    <message>
        <source>PicProof does not know where {platform} is run from: choose the place below.</source>
        <translation>PicProof 不知道 {platform} 的运营地，请在下方选择所在地。</translation>
    </message>
    <message>
        <source>Choose below where the platform or person is.</source>
        <translation>请在下方选择平台或收件人所在地。</translation>
    </message>
    <message>
        <source>The letter is in Chinese, the language of the recipient.</source>
        <translation>函件使用收件人阅读的中文。</translation>
    </message>
    <message>
        <source>The letter is in English, for a recipient outside China.</source>
        <translation>收件人在中国内地以外，函件使用英文。</translation>
    </message>
    <message>
        <source>The letter&apos;s language follows this program&apos;s language.</source>
        <translation>函件语言与本程序的界面语言相同。</translation>
    </message>
    <message>
        <source>A DMCA notice is a United States procedure, and the recipient is in {place}. Consider the notice procedure of that place.</source>
        <translation>DMCA 通知是美国法律程序，而收件人在{place}。请考虑使用当地的通知程序。</translation>
    </message>
    <message>
        <source>The Digital Services Act binds services offered in the European Union, and the recipient is in {place}. Check that it offers its service in the EU.</source>
        <translation>《数字服务法》约束在欧盟提供的服务，而收件人在{place}。请确认其在欧盟提供服务。</translation>
    </message>
    <message>
        <source>This letter cites the law of mainland China, and the recipient is in {place}.</source>
        <translation>本函援引中国内地法律，而收件人在{place}。</translation>
    </message>
    <message>
        <source>This letter cites another place&apos;s law than {place}&apos;s.</source>
        <translation>本函援引的不是{place}的法律。</translation>
    </message>
    <message>
        <source>{value} is not a web address. Give addresses that start with https:// or http://.</source>
        <translation>{value} 不是网址。请填写以 https:// 或 http:// 开头的地址。</translation>
    </message>
    <message>
        <source>Choose where the platform or person is from the list.</source>
        <translation>请从列表中选择平台或收件人所在地。</translation>
    </message>
    <message>
        <source>Choose the evidence again: the case has changed.</source>
        <translation>案件已变化，请重新选择证据。</translation>
    </message>
</context>
<context>
    <name>LetterheadBox</name>
    <message>
        <source>Letterhead (optional, for a clinic or business)</source>
        <translation>信头（可选，供法律援助机构或商家使用）</translation>
    </message>
    <message>
        <source>Name at the top</source>
        <translation>信头名称</translation>
    </message>
    <message>
        <source>Lines under it (address, telephone)</source>
        <translation>名称下方的行（地址、电话）</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Example: Harbour Legal Aid Clinic</source>
        <translation>示例：海港法律援助中心</translation>
    </message>
    <message>
        <source>Choose a logo</source>
        <translation>选择标志图片</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无标志</translation>
    </message>
</context>
<context>
    <name>LettersView</name>
    <message>
        <source>Letters</source>
        <translation>函件</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Kind of letter</source>
        <translation>函件类型</translation>
    </message>
    <message>
        <source>Language of the letter</source>
        <translation>函件语言</translation>
    </message>
    <message>
        <source>Chooses the law the letter cites. The letter&apos;s language is the one the recipient reads; it does not have to match this program&apos;s language.</source>
        <translation>决定函件援引哪里的法律。函件语言是收件人阅读的语言，不必与本程序的界面语言相同。</translation>
    </message>
    <message>
        <source>Required information still missing:</source>
        <translation>仍缺少的必要信息：</translation>
    </message>
    <message>
        <source>Before you send it, confirm each point:</source>
        <translation>发送前，请逐条确认：</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Where the platform or person is</source>
        <translation>平台或收件人所在地</translation>
    </message>
    <message>
        <source>Evidence this letter uses:</source>
        <translation>本函使用的证据：</translation>
    </message>
    <message>
        <source>Create a case first (add a match to a case from Results).</source>
        <translation>请先创建案件（在“结果”中把匹配加入案件）。</translation>
    </message>
    <message>
        <source>Filled in from the case: {fields}. Check them; fill in the rest yourself.</source>
        <translation>以下内容取自案件：{fields}。请核对；其余内容请自行填写。</translation>
    </message>
    <message>
        <source>Nothing could be taken from the case: fill in the form.</source>
        <translation>案件中没有可用的信息，请填写表格。</translation>
    </message>
    <message>
        <source>Adding the enclosure to the case</source>
        <translation>正在将附件加入案件</translation>
    </message>
    <message>
        <source>Fill in: {fields}</source>
        <translation>请填写：{fields}</translation>
    </message>
    <message>
        <source>Choose it on the first page (Back).</source>
        <translation>请在第一页选择（点击“上一步”）。</translation>
    </message>
    <message>
        <source>Tick at least one evidence item on the previous page.</source>
        <translation>请在上一页至少勾选一项证据。</translation>
    </message>
    <message>
        <source>Nothing is missing.</source>
        <translation>没有缺少任何内容。</translation>
    </message>
    <message>
        <source>Next: fill in the details</source>
        <translation>下一步：填写详细信息</translation>
    </message>
    <message>
        <source>Next: check the letter</source>
        <translation>下一步：检查函件</translation>
    </message>
    <message>
        <source>Next: preview</source>
        <translation>下一步：预览</translation>
    </message>
    <message>
        <source>Go back and fill in what is missing.</source>
        <translation>请返回上一步，补充缺少的内容。</translation>
    </message>
    <message>
        <source>Tick every point of the checklist to continue.</source>
        <translation>勾选清单中的每一项后才能继续。</translation>
    </message>
    <message>
        <source>Step 3 of 4: the letter is complete.</source>
        <translation>第 3 步（共 4 步）：函件内容已完整。</translation>
    </message>
    <message>
        <source>Step 1 of 4: choose the case, the kind of letter, its language and place.</source>
        <translation>第 1 步（共 4 步）：选择案件、函件类型、语言和所在地。</translation>
    </message>
    <message>
        <source>Step 2 of 4: choose the evidence and fill in the details (* = required).</source>
        <translation>第 2 步（共 4 步）：选择证据并填写详情（* 为必填）。</translation>
    </message>
    <message>
        <source>Step 4 of 4: read the letter, then save it as PDF or Word. It is a draft until you mark it as sent.</source>
        <translation>第 4 步（共 4 步）：阅读函件，然后保存为 PDF 或 Word。标记为已发出之前，它只是草稿。</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>My photos</source>
        <translation>我的照片</translation>
    </message>
    <message>
        <source>Add the folders that hold your own photos. PicProof reads them on this computer only, and then finds them inside screenshots of other people&apos;s profiles or shops.</source>
        <translation>添加存放您自己照片的文件夹。PicProof 只在这台电脑上读取它们，然后在他人账号或店铺的截图中查找它们。</translation>
    </message>
    <message>
        <source>Add photo folder…</source>
        <translation>添加照片文件夹…</translation>
    </message>
    <message>
        <source>Try with sample photos</source>
        <translation>用示例照片试一试</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Remove folder…</source>
        <translation>移除文件夹…</translation>
    </message>
    <message>
        <source>Scan now</source>
        <translation>立即扫描</translation>
    </message>
    <message>
        <source>Search by file or folder name</source>
        <translation>按文件名或文件夹名搜索</translation>
    </message>
    <message>
        <source>Sort by name</source>
        <translation>按名称排序</translation>
    </message>
    <message>
        <source>Sort by date taken</source>
        <translation>按拍摄日期排序</translation>
    </message>
    <message>
        <source>Sort by file size</source>
        <translation>按文件大小排序</translation>
    </message>
    <message>
        <source>Sort by date added</source>
        <translation>按添加日期排序</translation>
    </message>
    <message>
        <source>Reverse order</source>
        <translation>倒序</translation>
    </message>
    <message>
        <source>not scanned yet</source>
        <translation>尚未扫描</translation>
    </message>
    <message>
        <source>{path} — {count} photos — last scan: {when}</source>
        <translation>{path} — {count} 张照片 — 上次扫描：{when}</translation>
    </message>
    <message>
        <source>Loading photos</source>
        <translation>正在加载照片</translation>
    </message>
    <message>
        <source>Photos shown: {count}</source>
        <translation>显示的照片：{count} 张</translation>
    </message>
    <message>
        <source>Files that could not be read: {count}…</source>
        <translation>无法读取的文件：{count} 个…</translation>
    </message>
    <message>
        <source>Choose a folder with your photos</source>
        <translation>选择存放您照片的文件夹</translation>
    </message>
    <message>
        <source>The sample photos of the tour were removed from My photos.</source>
        <translation>导览用的示例照片已从“我的照片”中移除。</translation>
    </message>
    <message>
        <source>Remove folder</source>
        <translation>移除文件夹</translation>
    </message>
    <message>
        <source>First click the folder you want to remove.</source>
        <translation>请先点击要移除的文件夹。</translation>
    </message>
    <message>
        <source>Stop watching this folder? Your photo files are not deleted; PicProof only forgets them. Evidence already saved in cases is kept.</source>
        <translation>不再关注这个文件夹吗？您的照片文件不会被删除，PicProof 只是不再记录它们。已保存在案件中的证据会保留。</translation>
    </message>
    <message>
        <source>Removing folder</source>
        <translation>正在移除文件夹</translation>
    </message>
    <message>
        <source>Scanning your photos</source>
        <translation>正在扫描您的照片</translation>
    </message>
    <message>
        <source>Scan finished: {photos} photos ({added} new, {removed} gone, {skipped} unreadable).</source>
        <translation>扫描完成：共 {photos} 张照片（新增 {added} 张，移除 {removed} 张，{skipped} 个无法读取）。</translation>
    </message>
    <message>
        <source>Files that could not be read</source>
        <translation>无法读取的文件</translation>
    </message>
    <message>
        <source>These files were skipped. They stay where they are; fix or replace them and scan again.</source>
        <translation>这些文件已被跳过，仍保留在原位置；修复或替换后请重新扫描。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>My photos</source>
        <extracomment>The areas of the sidebar, the flow from top to bottom: (key, view class). The key names the area&apos;s icon and is what ``show_area`` and ``AppContext.navigate`` take.</extracomment>
        <translation>我的照片</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>函件</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Add photo folder…</source>
        <translation>添加照片文件夹…</translation>
    </message>
    <message>
        <source>Check screenshots…</source>
        <translation>检查截图…</translation>
    </message>
    <message>
        <source>Paste image to check</source>
        <translation>粘贴图片并检查</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Welcome and sample photos…</source>
        <translation>欢迎与示例照片…</translation>
    </message>
    <message>
        <source>About PicProof</source>
        <translation>关于 PicProof</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>PicProof</source>
        <translation>PicProof</translation>
    </message>
    <message>
        <source>A task is still running. Stop it and quit?</source>
        <translation>仍有任务在运行。要停止它并退出吗？</translation>
    </message>
    <message>
        <source>You accepted a match that is not saved in a case yet.</source>
        <translation>您确认了一个匹配，但它还没有保存到案件中。</translation>
    </message>
    <message>
        <source>You accepted {count} matches that are not saved in a case yet.</source>
        <translation>您确认了 {count} 个匹配，但它们还没有保存到案件中。</translation>
    </message>
    <message>
        <source>They stay in Results for next time, but they are not evidence until you add them to a case.</source>
        <translation>它们会保留在“结果”中供下次使用，但在加入案件之前还不是证据。</translation>
    </message>
    <message>
        <source>Add them to a case…</source>
        <translation>加入案件…</translation>
    </message>
</context>
<context>
    <name>MatchSaver</name>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Your name is recorded with the evidence you collect (in the custody log and in reports), so others can see who collected it. You can change it in Settings.</source>
        <translation>您的姓名会随您收集的证据一起记录（在保管记录和报告中），让他人知道证据由谁收集。您可以在“设置”中修改。</translation>
    </message>
    <message>
        <source>Copies of my photo {photo} ({date})</source>
        <translation>我的照片 {photo} 被盗用（{date}）</translation>
    </message>
    <message>
        <source>Add to case</source>
        <translation>加入案件</translation>
    </message>
    <message>
        <source>This match is already saved in a case.</source>
        <translation>此匹配已保存在案件中。</translation>
    </message>
    <message>
        <source>You marked this match as not a match. If it is your photo after all, press Accept first, then add it to a case.</source>
        <translation>您已将此项标记为“不是匹配”。如果它确实是您的照片，请先点“确认”，再加入案件。</translation>
    </message>
    <message>
        <source>Add all accepted</source>
        <translation>全部已确认的加入案件</translation>
    </message>
    <message>
        <source>There are no accepted matches waiting to be saved in a case.</source>
        <translation>没有等待保存到案件的已确认匹配。</translation>
    </message>
    <message>
        <source>You have not reviewed this match yet. Only matches you accept are saved as evidence. Is this your photo?</source>
        <translation>您还没有审核这个匹配。只有您确认的匹配才会保存为证据。这是您的照片吗？</translation>
    </message>
    <message>
        <source>Yes, accept and add</source>
        <translation>是，确认并加入</translation>
    </message>
    <message>
        <source>Saving evidence</source>
        <translation>正在保存证据</translation>
    </message>
    <message>
        <source>Saved in the case as evidence.</source>
        <translation>已作为证据保存到案件中。</translation>
    </message>
    <message>
        <source>{count} matches saved in the case as evidence.</source>
        <translation>{count} 个匹配已作为证据保存到案件中。</translation>
    </message>
</context>
<context>
    <name>MatchWords</name>
    <message>
        <source>{first} and {last}</source>
        <translation>{first}并且{last}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>mirrored</source>
        <translation>被镜像</translation>
    </message>
    <message>
        <source>cropped</source>
        <translation>被裁剪</translation>
    </message>
    <message>
        <source>rotated {deg}°</source>
        <translation>旋转了 {deg}°</translation>
    </message>
    <message>
        <source>resized</source>
        <translation>被缩放</translation>
    </message>
    <message>
        <source>Identical file: exactly your photo (same SHA-256)</source>
        <translation>完全相同的文件：正是您的照片（SHA-256 相同）</translation>
    </message>
    <message>
        <source>Same photo, {changes}</source>
        <translation>同一张照片，{changes}</translation>
    </message>
    <message>
        <source>Same photo</source>
        <translation>同一张照片</translation>
    </message>
    <message>
        <source>Probably another shot of the same scene, not this photo: parts of it have moved. Compare them closely before accepting</source>
        <translation>可能是同一场景的另一张照片，而不是这张：画面中有部分位置发生了移动。确认前请仔细对比</translation>
    </message>
    <message>
        <source>Possibly your photo ({changes}): look carefully before accepting</source>
        <translation>可能是您的照片（{changes}）：确认前请仔细查看</translation>
    </message>
    <message>
        <source>Possibly your photo: look carefully before accepting</source>
        <translation>可能是您的照片：确认前请仔细查看</translation>
    </message>
    <message>
        <source>Identical file</source>
        <translation>完全相同的文件</translation>
    </message>
    <message>
        <source>Possible match</source>
        <translation>可能匹配</translation>
    </message>
    <message>
        <source>Linked by you</source>
        <translation>由您手动关联</translation>
    </message>
    <message>
        <source>Score {score} of 100 · the very same file, byte for byte</source>
        <translation>得分 {score}/100 · 完全相同的文件，逐字节一致</translation>
    </message>
    <message>
        <source>Score {score} of 100 · found by its pixels (too small for matching points)</source>
        <translation>得分 {score}/100 · 按像素比对找到（图片太小，没有匹配点）</translation>
    </message>
    <message>
        <source>Score {score} of 100 · {points} matching points</source>
        <translation>得分 {score}/100 · {points} 个匹配点</translation>
    </message>
    <message>
        <source>Could not be read: {reason}</source>
        <translation>无法读取：{reason}</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <source>not a picture</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>format not supported</source>
        <translation>不支持的格式</translation>
    </message>
    <message>
        <source>the file is cut short</source>
        <translation>文件不完整</translation>
    </message>
    <message>
        <source>too large to open safely</source>
        <translation>太大，无法安全打开</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>文件已损坏</translation>
    </message>
    <message>
        <source>the file cannot be opened</source>
        <translation>文件无法打开</translation>
    </message>
    <message>
        <source>the file is missing</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>None of your photos found</source>
        <translation>未发现您的照片</translation>
    </message>
    <message>
        <source>{n} of your photos found, {p} possible</source>
        <translation>发现 {n} 张您的照片，另有 {p} 张可能</translation>
    </message>
    <message>
        <source>{n} of your photos found</source>
        <translation>发现 {n} 张您的照片</translation>
    </message>
    <message>
        <source>{p} possible match(es) to review</source>
        <translation>{p} 个可能的匹配待审核</translation>
    </message>
</context>
<context>
    <name>NearDuplicatesView</name>
    <message>
        <source>Your library holds other shots of this scene. The matcher reports the one that fits best; compare them and accept only the photo that is really shown.</source>
        <translation>您的图库中还有这一场景的其他照片。程序报告的是最吻合的一张；请对比它们，只接受截图中真正出现的那张照片。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Loading pictures</source>
        <translation>正在加载图片</translation>
    </message>
    <message>
        <source>{name}
fits best</source>
        <translation>{name}
最吻合</translation>
    </message>
    <message>
        <source>{name}
another shot, fits less well</source>
        <translation>{name}
同一场景的另一张，吻合度较低</translation>
    </message>
    <message>
        <source>(the match you are reviewing)</source>
        <translation>（您正在审核的匹配）</translation>
    </message>
    <message>
        <source>This picture can no longer be opened.</source>
        <translation>这张图片已无法打开。</translation>
    </message>
</context>
<context>
    <name>PhotoDetailsView</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Copy file path</source>
        <translation>复制文件路径</translation>
    </message>
    <message>
        <source>Copy SHA-256</source>
        <translation>复制 SHA-256</translation>
    </message>
    <message>
        <source>Select a photo to see its details.</source>
        <translation>选择一张照片以查看详细信息。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>What was found</source>
        <translation>发现内容</translation>
    </message>
    <message>
        <source>Best match</source>
        <translation>最佳匹配</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>审核情况</translation>
    </message>
    <message>
        <source>{a} accepted, {n} not a match, {o} open</source>
        <translation>已确认 {a}，不匹配 {n}，待审核 {o}</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Your photos found in this picture:</source>
        <translation>在这张图片中发现的您的照片：</translation>
    </message>
    <message>
        <source>Clear results…</source>
        <translation>清除结果…</translation>
    </message>
    <message>
        <source>Add all accepted to a case…</source>
        <translation>把所有已确认的加入案件…</translation>
    </message>
    <message>
        <source>No results yet. Go to Check and bring in some screenshots.</source>
        <translation>还没有结果。请到“检查”中导入一些截图。</translation>
    </message>
    <message>
        <source>Pictures checked: {count}. Pictures containing your photos: {found}. Select a row, then review each match: accept it (A) or mark it as not a match (N).</source>
        <translation>已检查图片：{count} 张。含有您照片的图片：{found} 张。选择一行，然后逐个审核匹配：确认（A）或标记为不匹配（N）。</translation>
    </message>
    <message>
        <source> · in a case</source>
        <translation> · 已在案件中</translation>
    </message>
    <message>
        <source>Marked as not a match. Press Ctrl+Z to undo.</source>
        <translation>已标记为不匹配。按 Ctrl+Z 撤销。</translation>
    </message>
    <message>
        <source>Clear results</source>
        <translation>清除结果</translation>
    </message>
    <message>
        <source>Remove these results from the list? Evidence already saved in cases is kept.</source>
        <translation>要从列表中移除这些结果吗？已保存在案件中的证据会保留。</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <source>Suspect picture (found region outlined)</source>
        <translation>可疑图片（已框出发现的区域）</translation>
    </message>
    <message>
        <source>Your photo</source>
        <translation>您的照片</translation>
    </message>
    <message>
        <source>Show matching points (P)</source>
        <translation>显示匹配点（P）</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom in (mouse wheel)</source>
        <translation>放大（鼠标滚轮）</translation>
    </message>
    <message>
        <source>Zoom out (mouse wheel)</source>
        <translation>缩小（鼠标滚轮）</translation>
    </message>
    <message>
        <source>Accept: this is my photo (A)</source>
        <translation>确认：这是我的照片（A）</translation>
    </message>
    <message>
        <source>Not a match (N)</source>
        <translation>不匹配（N）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Add to case…</source>
        <translation>加入案件…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Loading pictures</source>
        <translation>正在加载图片</translation>
    </message>
    <message>
        <source>Select a match to review it.</source>
        <translation>选择一个匹配进行审核。</translation>
    </message>
    <message>
        <source>Accept only if it is this very photo. Another shot of the same scene, taken a moment or a step apart, is a different photo.</source>
        <translation>只有确实是这同一张照片时才接受。同一场景中隔了片刻或挪了一步拍下的另一张，是另一张照片。</translation>
    </message>
    <message>
        <source>SHA-256: {hash}</source>
        <translation>SHA-256：{hash}</translation>
    </message>
    <message>
        <source>Your decision: accepted as your photo.</source>
        <translation>您的判断：确认是您的照片。</translation>
    </message>
    <message>
        <source>Your decision: not a match.</source>
        <translation>您的判断：不匹配。</translation>
    </message>
    <message>
        <source>Not reviewed yet.</source>
        <translation>尚未审核。</translation>
    </message>
    <message>
        <source>This picture can no longer be opened (moved or deleted?).</source>
        <translation>这张图片已无法打开（被移动或删除了？）。</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>文字大小</translation>
    </message>
    <message>
        <source>Colours</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Your name (recorded with evidence you collect)</source>
        <translation>您的姓名（随您收集的证据一起记录）</translation>
    </message>
    <message>
        <source>Where your data is kept</source>
        <translation>数据存放位置</translation>
    </message>
    <message>
        <source>Your photo index, cases and evidence are stored in this folder. Include it in your backups, and keep it on a drive only you can open.</source>
        <translation>您的照片索引、案件和证据都保存在这个文件夹中。请把它纳入备份，并存放在只有您能打开的磁盘上。</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Time-stamping services</source>
        <translation>时间戳服务</translation>
    </message>
    <message>
        <source>Trusted time stamps prove when you collected evidence. They are tried in this order.</source>
        <translation>可信时间戳可以证明您收集证据的时间。将按此顺序依次尝试。</translation>
    </message>
    <message>
        <source>Add service…</source>
        <translation>添加服务…</translation>
    </message>
    <message>
        <source>Remove service…</source>
        <translation>移除服务…</translation>
    </message>
    <message>
        <source>Passwords are kept in this computer&apos;s secure password store.</source>
        <translation>密码保存在这台电脑的安全密码存储中。</translation>
    </message>
    <message>
        <source>This computer has no secure password store available, so services that need a password cannot be used here. PicProof never writes passwords to plain files.</source>
        <translation>这台电脑没有可用的安全密码存储，因此无法在此使用需要密码的服务。PicProof 从不把密码写入普通文件。</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Never leaves this computer:&lt;/b&gt; your photos, their fingerprints, the screenshots you check, the matches, your cases and letters. Matching runs entirely on this computer.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sent only when you ask:&lt;/b&gt; when you time-stamp evidence, only its SHA-256 fingerprint (not the picture) goes to the time-stamping service you chose. When you capture a web page, PicProof downloads that page from its site, which sees your internet address as with any visit.&lt;/p&gt;&lt;p&gt;PicProof has no account, no analytics and no automatic updates.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;永远不会离开这台电脑：&lt;/b&gt;您的照片及其指纹、您检查的截图、匹配结果、您的案件和函件。匹配完全在这台电脑上进行。&lt;/p&gt;&lt;p&gt;&lt;b&gt;仅在您要求时发送：&lt;/b&gt;为证据加盖时间戳时，只有它的 SHA-256 指纹（而不是图片）会发送给您选择的时间戳服务。保存网页时，PicProof 会从该网站下载网页，该网站会像任何访问一样看到您的网络地址。&lt;/p&gt;&lt;p&gt;PicProof 没有账号、不做统计分析，也不会自动更新。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Large</source>
        <translation>大</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>更大</translation>
    </message>
    <message>
        <source>Largest</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>Like the system (light or dark)</source>
        <translation>跟随系统（浅色或深色）</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Remove service</source>
        <translation>移除服务</translation>
    </message>
    <message>
        <source>Remove {url} from the list? Time stamps already obtained stay valid.</source>
        <translation>要从列表中移除 {url} 吗？已获得的时间戳仍然有效。</translation>
    </message>
</context>
<context>
    <name>SignCheckBox</name>
    <message>
        <source>Sign and timestamp the bundle&apos;s report (PDF)</source>
        <translation>为证据包的报告（PDF）签名并加盖时间戳</translation>
    </message>
    <message>
        <source>Sign and timestamp the PDF</source>
        <translation>签名并加盖时间戳</translation>
    </message>
    <message>
        <source>Makes the PDF an archival PDF/A signed with your key and timestamped by your time-stamping service, so a court or platform can check that it is unchanged.</source>
        <translation>将 PDF 生成为归档格式 PDF/A，用您的密钥签名，并由您的时间戳服务加盖可信时间戳，法院或平台可据此核验文件未被改动。</translation>
    </message>
</context>
<context>
    <name>SigningKeyBox</name>
    <message>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>PDFs you sign carry this key. Your own key is made the first time you sign, in your name; its private part stays in this computer&apos;s password store. A clinic can give you its certificate instead (a .p12 or .pfx file).</source>
        <translation>您签名的 PDF 使用此密钥。首次签名时会以您的姓名生成个人密钥，私钥只保存在本机的密码库中。法律援助机构也可以改为提供其证书（.p12 或 .pfx 文件）。</translation>
    </message>
    <message>
        <source>Make my own key…</source>
        <translation>生成我的密钥…</translation>
    </message>
    <message>
        <source>Use a clinic certificate…</source>
        <translation>使用机构证书…</translation>
    </message>
    <message>
        <source>Reading the signing key</source>
        <translation>正在读取签名密钥</translation>
    </message>
    <message>
        <source>No key yet: the first signed PDF makes one in your name.</source>
        <translation>尚无密钥：首次签名 PDF 时将以您的姓名生成。</translation>
    </message>
    <message>
        <source>your own key (self-signed)</source>
        <translation>您的个人密钥（自签名）</translation>
    </message>
    <message>
        <source>issued by {issuer}</source>
        <translation>由 {issuer} 签发</translation>
    </message>
    <message>
        <source>{name}, {kind}, valid until {date}.
Fingerprint (SHA-256), for recipients to compare: {sha256}</source>
        <translation>{name}，{kind}，有效期至 {date}。
指纹（SHA-256），供收件人核对：{sha256}</translation>
    </message>
    <message>
        <source>Saving the signing key</source>
        <translation>正在保存签名密钥</translation>
    </message>
    <message>
        <source>Make my own key</source>
        <translation>生成我的密钥</translation>
    </message>
    <message>
        <source>Your name, as signed PDFs should show it:</source>
        <translation>您的姓名（将显示在已签名的 PDF 中）：</translation>
    </message>
    <message>
        <source>Clinic certificate</source>
        <translation>机构证书</translation>
    </message>
    <message>
        <source>Certificate with key (*.p12 *.pfx)</source>
        <translation>含私钥的证书 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>Password of the certificate file:</source>
        <translation>证书文件的密码：</translation>
    </message>
</context>
<context>
    <name>TsaConsent</name>
    <message>
        <source>{first} and {last}</source>
        <translation>{first}和{last}</translation>
    </message>
    <message>
        <source>To prove when you collected this evidence, PicProof asks public time-stamping services to sign it. Only a fingerprint of each file is sent to {first}, never the picture.</source>
        <translation>为证明您是在何时收集这些证据的，PicProof 会请公共时间戳服务为其签名。发送给 {first} 的只是每个文件的指纹，绝不会发送图片本身。</translation>
    </message>
    <message>
        <source>When one of them does not answer, {rest} is asked instead.</source>
        <translation>其中一家没有响应时，改为请求 {rest}。</translation>
    </message>
    <message>
        <source>Allow?</source>
        <translation>是否允许？</translation>
    </message>
    <message>
        <source>Trusted time stamps</source>
        <translation>可信时间戳</translation>
    </message>
    <message>
        <source>You can change this later in Settings, under Time-stamping services.</source>
        <translation>以后可以在“设置”的“时间戳服务”中更改。</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>Do not allow</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>You have not allowed the public time-stamping services. Allow them in Settings, then time-stamp the case and export it again.</source>
        <translation>您尚未允许使用公共时间戳服务。请在“设置”中允许，然后为案件加盖时间戳并重新导出。</translation>
    </message>
    <message>
        <source>No time-stamping service is set up. Add one in Settings.</source>
        <translation>尚未设置时间戳服务。请在“设置”中添加。</translation>
    </message>
    <message>
        <source>No time-stamping service answered (are you offline?). The evidence is kept; when you are online, press Time-stamp in the case and export again.</source>
        <translation>没有时间戳服务响应（是否处于离线状态？）。证据已保留；联网后，请在案件中点击“加盖时间戳”，然后重新导出。</translation>
    </message>
    <message>
        <source>Bundle saved without a time stamp</source>
        <translation>证据包已保存，但没有时间戳</translation>
    </message>
    <message>
        <source>The bundle was saved and can be checked by its fingerprints, but it has no trusted time stamp.</source>
        <translation>证据包已保存，可以通过指纹核验，但没有可信时间戳。</translation>
    </message>
    <message>
        <source>Use the built-in public time-stamping services (only a fingerprint of each file is sent, never the picture)</source>
        <translation>使用内置的公共时间戳服务（只发送每个文件的指纹，绝不发送图片）</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>asks your permission first</source>
        <translation>需先征得您的同意</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>未允许</translation>
    </message>
    <message>
        <source>needs an account (paid)</source>
        <translation>需要账户（付费）</translation>
    </message>
    <message>
        <source>off</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>root certificate damaged</source>
        <translation>根证书已损坏</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Root certificate (SHA-256)</source>
        <translation>根证书（SHA-256）</translation>
    </message>
    <message>
        <source>comes with your account</source>
        <translation>随您的账户提供</translation>
    </message>
    <message>
        <source>A paid service: you need a contract with UniTrust (www.tsa.cn), priced per time stamp or as a yearly package. With the address, user name and root certificate from the contract, add it with “Add service…”.</source>
        <translation>付费服务：需要与联合信任（www.tsa.cn）签订合同，按次或按年度套餐计费。请用合同中提供的地址、用户名和根证书，通过“添加服务…”添加。</translation>
    </message>
</context>
<context>
    <name>TsaDialog</name>
    <message>
        <source>Add a time-stamping service</source>
        <translation>添加时间戳服务</translation>
    </message>
    <message>
        <source>A time-stamping service (TSA) signs the fingerprint of your evidence with the current time, proving it existed then. Only the fingerprint (SHA-256) is sent, never the picture.</source>
        <translation>时间戳服务（TSA）用当前时间对证据的指纹进行签名，证明证据在那时已经存在。只发送指纹（SHA-256），绝不发送图片。</translation>
    </message>
    <message>
        <source>Address (URL)</source>
        <translation>地址（URL）</translation>
    </message>
    <message>
        <source>none chosen</source>
        <translation>未选择</translation>
    </message>
    <message>
        <source>Choose certificate files…</source>
        <translation>选择证书文件…</translation>
    </message>
    <message>
        <source>Trusted root certificates</source>
        <translation>受信任的根证书</translation>
    </message>
    <message>
        <source>User name (optional)</source>
        <translation>用户名（可选）</translation>
    </message>
    <message>
        <source>Password (optional)</source>
        <translation>密码（可选）</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>证书 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Enter the service address, starting with http:// or https://.</source>
        <translation>请输入以 http:// 或 https:// 开头的服务地址。</translation>
    </message>
    <message>
        <source>Choose the service&apos;s root certificate file. Without it PicProof cannot check that the time stamps really come from this service.</source>
        <translation>请选择该服务的根证书文件。没有它，PicProof 无法核实时间戳确实来自该服务。</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>PicProof — Welcome</source>
        <translation>PicProof — 欢迎</translation>
    </message>
    <message>
        <source>Welcome to PicProof</source>
        <translation>欢迎使用 PicProof</translation>
    </message>
    <message>
        <source>PicProof finds your own photos inside screenshots of fake profiles or copied shop listings, keeps them as evidence, and helps you write the letter to have them removed.</source>
        <translation>PicProof 能在虚假账号或被抄袭商品页面的截图中找到您自己的照片，把它们保存为证据，并帮助您撰写要求删除的函件。</translation>
    </message>
    <message>
        <source>1. My photos</source>
        <translation>1. 我的照片</translation>
    </message>
    <message>
        <source>Tell PicProof where your photos are. They never leave this computer.</source>
        <translation>告诉 PicProof 您的照片在哪里。它们永远不会离开这台电脑。</translation>
    </message>
    <message>
        <source>2. Check</source>
        <translation>2. 检查</translation>
    </message>
    <message>
        <source>Drop screenshots of the suspicious profile or shop. PicProof shows which of your photos it contains.</source>
        <translation>拖入可疑账号或店铺的截图。PicProof 会显示其中包含您的哪些照片。</translation>
    </message>
    <message>
        <source>3. Evidence and letters</source>
        <translation>3. 证据与函件</translation>
    </message>
    <message>
        <source>Save what you found in a case, then produce a takedown letter or complaint.</source>
        <translation>把发现的内容保存到案件中，然后生成删除通知或投诉函。</translation>
    </message>
    <message>
        <source>Start with my own photos</source>
        <translation>从我自己的照片开始</translation>
    </message>
    <message>
        <source>Try with sample photos</source>
        <translation>用示例照片试一试</translation>
    </message>
</context>
</TS>
