<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AdminTable</name>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="62"/>
        <source>Residents of each province (2020 census on the grid) within each threshold of the nearest centre, and the mean time per resident.</source>
        <translation>各省常住人口(2020年普查人口落到网格)在最近中心各时间阈值内的人数,以及人均出行时间。</translation>
    </message>
</context>
<context>
    <name>AlgorithmRunner</name>
    <message>
        <location filename="../hinterland_plugin/gui/runner.py" line="128"/>
        <source>Another analysis is running; wait for it or cancel it.</source>
        <translation>另一项分析正在运行;请等待或取消。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/runner.py" line="132"/>
        <source>The Hinterland Processing provider is not loaded.</source>
        <translation>战略腹地处理工具未加载。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/runner.py" line="144"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/runner.py" line="196"/>
        <source>{0} ({1} s)</source>
        <translation>{0}({1} 秒)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/runner.py" line="218"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>AnalysisState</name>
    <message>
        <location filename="../hinterland_plugin/gui/state.py" line="224"/>
        <source>Not a Hinterland centre set: {0}</source>
        <translation>不是有效的腹地中心集:{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/state.py" line="240"/>
        <source>Add at least one centre.</source>
        <translation>请至少添加一个中心。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/state.py" line="243"/>
        <source>All centres are disabled: tick at least one.</source>
        <translation>所有中心均已停用:请至少勾选一个。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/state.py" line="246"/>
        <source>Centre &apos;{0}&apos;: the delay must be a number of minutes &gt;= 0.</source>
        <translation>中心“{0}”:准备时延必须是不小于 0 的分钟数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/state.py" line="322"/>
        <source>The indicator file could not be used: {0}</source>
        <translation>无法使用该指标文件:{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/state.py" line="375"/>
        <source>No free folder name in {0}.</source>
        <translation>{0} 中没有可用的文件夹名。</translation>
    </message>
</context>
<context>
    <name>BackupReachAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="70"/>
        <source>Key-industry backup reach</source>
        <translation>关键产业备份可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="72"/>
        <source>Gateways and monitoring</source>
        <translation>门户与监测</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="73"/>
        <source>For every pair of the key-industry backup list (primary cluster city -&gt; documented backup or transfer city; INDUSTRY keeps some industries only), under the freight profile by default: the time from the primary to the backup; the primary&apos;s market, defined as the people (2020 census) living within MARKET_MINUTES of the primary, and how it is served from the backup instead (people-weighted mean minutes from the backup to those people against from the primary, the share the backup reaches within MARKET_MINUTES, the people within MARKET_MINUTES of the backup); the corridor segments on the fastest primary -&gt; backup route, each removed in turn (exact re-solves), the most critical one, the minutes its loss adds and what serving the primary&apos;s market from the backup costs then (mean minutes, population-minutes). DISRUPTED (segment ids, &apos;,&apos;) and/or HAZARD (polygons): a named scenario, its added minutes primary -&gt; backup and backup -&gt; market. One line per pair, coloured by the minutes the critical segment adds; every row keeps the pair&apos;s source and confidence.</source>
        <translation>对关键产业备份清单中的每一对(主集群城市 -&gt; 文件所载的备份或转移承接城市;INDUSTRY 可只保留部分产业),默认按货运配置计算:主集群到备份城市的时间;主集群的市场,即距主集群 MARKET_MINUTES 分钟内的人口(2020 年普查),以及改由备份城市服务时的情况(备份城市到这些人口的人口加权平均分钟数与主集群的对比、备份城市在 MARKET_MINUTES 内可达的比例、距备份城市 MARKET_MINUTES 内的人口);主集群 -&gt; 备份城市最快路线上的各通道区段逐一移除(精确重算),找出最关键的区段、其中断所增加的分钟数,以及此时由备份城市服务主集群市场的代价(平均分钟数、人口·分钟)。DISRUPTED(区段编号,以“,”分隔)和/或 HAZARD(多边形):一个命名情景,给出主集群 -&gt; 备份城市和备份城市 -&gt; 市场所增加的分钟数。每对一条线,按关键区段中断所增加的分钟数着色;每行保留该对的来源与可信度。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="91"/>
        <source>Industries (empty: all)</source>
        <translation>产业(留空:全部)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="95"/>
        <source>Travel profile</source>
        <translation>出行方式配置</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="97"/>
        <source>Resolution (m)</source>
        <translation>分辨率(米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="100"/>
        <source>Market: people within this many minutes of the primary</source>
        <translation>市场:距主集群此分钟数以内的人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="104"/>
        <source>Disrupted segment ids (scenario)</source>
        <translation>中断的区段编号(情景)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="106"/>
        <source>Hazard zone (polygons, scenario)</source>
        <translation>灾害区(多边形,情景)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="108"/>
        <source>Backup reach (primary → backup)</source>
        <translation>备份可达性(主集群 → 备份城市)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="117"/>
        <source>The hazard zone must be a polygon layer.</source>
        <translation>危险区必须是多边形图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="126"/>
        <source>The hazard zone crosses no segment of the network.</source>
        <translation>灾害区未与网络的任何区段相交。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="135"/>
        <source>Preparing the {0} grid at {1:g} m (cached after the first run)…</source>
        <translation>正在准备 {0} 配置、{1:g} 米分辨率的栅格(首次运行后缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="143"/>
        <source>No key-industry pair matches the chosen industries.</source>
        <translation>没有与所选产业相符的关键产业备份对。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="146"/>
        <source>{0} pairs, {1} places; market: people within {2:g} min of the primary.</source>
        <translation>{0} 对,{1} 个地点;市场:距主集群 {2:g} 分钟内的人口。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="148"/>
        <source>Solving from every primary and backup city, then without each route segment…</source>
        <translation>正在从每个主集群城市和备份城市求解,然后逐一去掉路线上的各区段…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="163"/>
        <source>{0}: {1} → {2} {3:,.0f} min; losing {4} adds {5} min</source>
        <translation>{0}:{1} → {2} {3:,.0f} 分钟;失去 {4} 增加 {5} 分钟</translation>
    </message>
</context>
<context>
    <name>BackupReachBox</name>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="58"/>
        <source>Key-industry backup reach</source>
        <translation>关键产业备份可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="63"/>
        <source>All industries</source>
        <translation>全部产业</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="71"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="73"/>
        <source>The primary&apos;s market: the people living within this many minutes of it</source>
        <translation>主集群的市场:居住在距其此分钟数以内的人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="75"/>
        <source>Industry</source>
        <translation>产业</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="76"/>
        <source>Market</source>
        <translation>市场</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="78"/>
        <source>Backup reach</source>
        <translation>备份可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="79"/>
        <source>Time from each backup city to its primary and the primary&apos;s market, and what losing the most critical segment between them costs (freight)</source>
        <translation>每个备份城市到其主集群及主集群市场的时间,以及两者之间最关键区段中断的代价(货运)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="100"/>
        <source>Backup reach… (each primary and backup city, then each route segment)</source>
        <translation>备份可达性…(每个主集群和备份城市,然后逐一计算路线区段)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="106"/>
        <source>The backup reach run was cancelled or failed; nothing was added.</source>
        <translation>备份可达性计算已取消或失败;未添加任何内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="110"/>
        <source>Backup reach (primary → backup)</source>
        <translation>备份可达性(主集群 → 备份城市)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="121"/>
        <source>Done: {0} pairs.</source>
        <translation>完成:{0} 对。</translation>
    </message>
</context>
<context>
    <name>BackupSitingAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="36"/>
        <source>Backup centre siting</source>
        <translation>备份中心选址</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="38"/>
        <source>Resilience</source>
        <translation>韧性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="39"/>
        <source>Chooses the next K centres from CANDIDATES (default: the bundled candidate hinterland centres) to add to CENTRES: OBJECTIVE coverage maximises the people (2020 census on the grid) within THRESHOLD minutes of some centre (maximal covering); pmedian minimises the population-weighted time to the nearest centre. Exact (all combinations) when there are at most 20,000 of them, else greedy plus 1-swap improvement; the method used is reported.</source>
        <translation>从 CANDIDATES(默认:插件自带的候选腹地中心)中选出接下来要加入 CENTRES 的 K 个中心:OBJECTIVE 为 coverage 时使距某中心 THRESHOLD 分钟内的人口(栅格上的 2020 年普查人口)最大(最大覆盖);为 pmedian 时使到最近中心的人口加权时间最小。组合数不超过 20,000 时精确求解(枚举全部组合),否则采用贪心加单次交换改进;并报告所用方法。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="54"/>
        <source>Candidate centres (points)</source>
        <translation>候选中心(点)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="56"/>
        <source>Candidate name field</source>
        <translation>候选点名称字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="59"/>
        <source>Number of centres to add</source>
        <translation>新增中心数量</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="63"/>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="67"/>
        <source>Chosen centres</source>
        <translation>选出的中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="85"/>
        <source>K must be a whole number of centres, not {0}.</source>
        <translation>K 必须是中心的整数个数,而不是 {0}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="95"/>
        <source>Demand summed over blocks of {0} x {0} cells ({1:,} demand points).</source>
        <translation>需求按 {0} x {0} 个栅格的块汇总({1:,} 个需求点)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="101"/>
        <source>Solving travel times from each candidate…</source>
        <translation>正在计算各候选点的出行时间…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="106"/>
        <source>Candidate &apos;{0}&apos; is already a centre: skipped.</source>
        <translation>候选点“{0}”已是中心:已跳过。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="117"/>
        <source>K ({0}) is larger than the number of usable candidates ({1}) that are not centres already.</source>
        <translation>K({0})大于可用且尚未作为中心的候选点数({1})。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/siting.py" line="122"/>
        <source>Method: {0}; objective {1:,.0f} (existing centres alone: {2:,.0f}).</source>
        <translation>方法:{0};目标值 {1:,.0f}(仅现有中心:{2:,.0f})。</translation>
    </message>
</context>
<context>
    <name>CentresTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="46"/>
        <source>Search candidate centres (中文 or English)</source>
        <translation>搜索候选中心(中文或英文)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="50"/>
        <source>Candidate centres</source>
        <translation>候选中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="53"/>
        <source>Add checked</source>
        <translation>添加勾选项</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="55"/>
        <source>Add selected points</source>
        <translation>添加所选点</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="56"/>
        <source>Add selected points of the active layer</source>
        <translation>添加当前图层的所选点</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="58"/>
        <source>Pick on map</source>
        <translation>在地图上选取</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="61"/>
        <source>Add set…</source>
        <translation>添加成组中心…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="62"/>
        <source>Add a ready-made set of centres: all free-trade-zone cities, national new areas, innovation zones, Yangtze hubs or agglomeration cores</source>
        <translation>一键添加现成的中心组:全部自贸试验区城市、国家级新区、自主创新示范区、长江沿线综合交通枢纽或城市群核心城市</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="69"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="69"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="69"/>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="69"/>
        <source>Delay (min)</source>
        <translation>时延(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="77"/>
        <source>Remove selected</source>
        <translation>移除所选</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="79"/>
        <source>Save set…</source>
        <translation>保存中心集…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="81"/>
        <source>Load set…</source>
        <translation>加载中心集…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="83"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="84"/>
        <source>Undo the last change to the centres (Ctrl+Z)</source>
        <translation>撤销对中心的上一次修改(Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="105"/>
        <source>The candidate centres could not be read from {0}.</source>
        <translation>无法从 {0} 读取候选中心。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="133"/>
        <source>Tick one or more candidate centres first.</source>
        <translation>请先勾选一个或多个候选中心。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="147"/>
        <source>{0} ({1} cities)</source>
        <translation>{0}({1}个城市)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="150"/>
        <source>No ready-made sets in the bundled data</source>
        <translation>内置数据中没有现成的中心组</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="161"/>
        <source>{0} centres added.</source>
        <translation>已添加{0}个中心。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="172"/>
        <source>Select a point layer in the Layers panel first.</source>
        <translation>请先在图层面板中选择一个点图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="176"/>
        <source>The layer &apos;{0}&apos; has no points.</source>
        <translation>图层“{0}”中没有点要素。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="203"/>
        <source>Point {0}</source>
        <translation>点 {0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="244"/>
        <source>Save centre set</source>
        <translation>保存中心集</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/centres_tab.py" line="249"/>
        <source>Load centre set</source>
        <translation>加载中心集</translation>
    </message>
</context>
<context>
    <name>CompareTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="52"/>
        <source>Scenarios side by side (the baseline is the network without disruption)</source>
        <translation>情景并列比较(基准为未中断的网络)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="58"/>
        <source>Remove selected scenario</source>
        <translation>删除所选情景</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="60"/>
        <source>Edit selected scenario</source>
        <translation>编辑所选情景</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="62"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="84"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="87"/>
        <source>Segments</source>
        <translation>区段数</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="91"/>
        <source>Export scenario comparison</source>
        <translation>导出情景比较</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="101"/>
        <source>Select a scenario column in the comparison first.</source>
        <translation>请先在比较表中选择一个情景列。</translation>
    </message>
</context>
<context>
    <name>CorridorDisruptionAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="67"/>
        <source>Corridor disruption</source>
        <translation>通道中断分析</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="69"/>
        <source>Resilience</source>
        <translation>韧性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="70"/>
        <source>Removes corridor segments — by id (DISRUPTED, comma-separated, e.g. hsr_h5_yanjiang:03) and/or every segment crossing the polygons of HAZARD — and compares travel times to the nearest centre before and after. OUTPUT_DELTA: minutes added per cell. OUTPUT: per threshold, the land area and people (2020 census on the grid) covered before and after and losing coverage, the population-minutes added, the reserve sites, computing hubs and corridor hubs cut off (no longer within the threshold) or delayed (&gt; 1 min), and the centres the disruption cuts off (each centre alone reaches less than half of the land it reached within the largest threshold). Unreachable cells are 1,000,000 in OUTPUT_DELTA.</source>
        <translation>移除通道区段——按编号(DISRUPTED,逗号分隔,如 hsr_h5_yanjiang:03)和/或与 HAZARD 多边形相交的所有区段——并比较中断前后到最近中心的出行时间。OUTPUT_DELTA:每个栅格增加的分钟数。OUTPUT:每个阈值下中断前后覆盖的陆地面积和人口(栅格上的 2020 年普查人口)及失去覆盖的部分、增加的人口·分钟、被切断(不再在阈值内)或延误(&gt; 1 分钟)的储备基地、算力枢纽和通道枢纽,以及被中断切断的中心(单独求解时,在最大阈值内可达陆地不足原来的一半)。OUTPUT_DELTA 中不可达栅格的值为 1,000,000。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="89"/>
        <source>Disrupted segment ids</source>
        <translation>中断的区段编号</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="91"/>
        <source>Hazard zone (polygons)</source>
        <translation>灾害区(多边形)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="93"/>
        <source>Scenario name</source>
        <translation>情景名称</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="94"/>
        <source>Minutes added</source>
        <translation>增加的分钟数</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="95"/>
        <source>Disruption table</source>
        <translation>中断影响表</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="96"/>
        <source>Disrupted segments</source>
        <translation>中断区段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="107"/>
        <source>The hazard zone must be a polygon layer.</source>
        <translation>危险区必须是多边形图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="119"/>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="120"/>
        <source>Solving before and after the disruption…</source>
        <translation>正在计算中断前后的出行时间…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="123"/>
        <source>{0} segments disrupted: {1}</source>
        <translation>中断 {0} 个区段:{1}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="125"/>
        <source>{0:,.0f} km² can no longer be reached from any centre.</source>
        <translation>有 {0:,.0f} 平方千米已无法从任何中心到达。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="130"/>
        <source>Centre '{0}' is cut off by this disruption: within {1:g} min it reaches {2:,.0f} km² instead of {3:,.0f} km².</source>
        <translation>中心“{0}”被此次中断切断:{1:g} 分钟内可达 {2:,.0f} 平方千米,原为 {3:,.0f} 平方千米。</translation>
    </message>
</context>
<context>
    <name>CoverageAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="67"/>
        <source>Coverage of hinterland centres</source>
        <translation>腹地中心覆盖分析</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="68"/>
        <source>For each centre and each threshold (and for all centres together, centre = ALL): land area (km²) and share, people reached — the 2020 census population (7th national census by county; Hong Kong and Macao 2021 censuses, Taiwan household registration) spread over each county's land cells — and their share of everybody on the grid, the strategic reserve sites, computing hubs and corridor hubs reached (count and names), the mean travel time of the covered land and the population-weighted mean time. For ALL also the backup coverage (area and people within the threshold of at least two centres) and what no centre covers; rows 'without:&lt;centre&gt;' give what the other centres still cover if that centre fails. Optional: a table by province and prefecture (people within each threshold, share, population-weighted mean time, nearest centre) and the prefecture choropleth of that time; travel time to the nearest centre, nearest centre, second-nearest (backup) time, isochrones; with PER_CENTRE one travel-time raster per centre and one k-coverage raster per threshold. OUTPUT_LAYERS (optional folder, for older scripts) receives time.tif, allocation.tif, backup.tif, isochrones.gpkg, time_centre_&lt;i&gt;.tif and kcoverage_&lt;T&gt;.tif.</source>
        <translation>对每个中心和每个时间阈值(以及全部中心合计,centre = ALL):陆地面积(km²)及占比、覆盖人口——2020 年人口普查常住人口(第七次全国人口普查分县数据;香港和澳门 2021 年人口普查,台湾户籍人口),按县分布到其陆地栅格——及其占栅格总人口的比例,覆盖的战略储备基地、算力枢纽和通道枢纽(数量与名称),覆盖陆地的平均出行时间和人口加权平均时间。ALL 行还给出备份覆盖(阈值内至少有两个中心的面积和人口)以及无中心覆盖的部分;“without:&lt;中心&gt;”行给出该中心失效时其余中心仍能覆盖的范围。可选输出:按省和地级市的表(各阈值内人口、占比、人口加权平均时间、最近中心)以及该时间的地级市分级图;到最近中心的出行时间、最近中心、次近中心(备份)时间、等时圈;选中 PER_CENTRE 时每个中心一幅出行时间栅格、每个阈值一幅 k 重覆盖栅格。OUTPUT_LAYERS(可选文件夹,供旧脚本使用)写入 time.tif、allocation.tif、backup.tif、isochrones.gpkg、time_centre_&lt;i&gt;.tif 和 kcoverage_&lt;T&gt;.tif。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="102"/>
        <source>Coverage table</source>
        <translation>覆盖统计表</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="103"/>
        <source>Folder for the result layers</source>
        <translation>结果图层文件夹</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="105"/>
        <source>Centre capacity field (supply for 2SFCA / gravity)</source>
        <translation>中心容量字段(两步移动搜索法/重力模型的供给)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="108"/>
        <source>Catchment for 2SFCA (minutes)</source>
        <translation>两步移动搜索法的搜索半径(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="111"/>
        <source>Distance-decay exponent of the gravity potential</source>
        <translation>重力潜能的距离衰减指数</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="114"/>
        <source>Accessibility of cities</source>
        <translation>城市可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="116"/>
        <source>Travel time to the nearest centre (minutes)</source>
        <translation>到最近中心的出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="116"/>
        <source>Nearest centre (index)</source>
        <translation>最近中心(序号)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="116"/>
        <source>Second-nearest centre time (minutes)</source>
        <translation>次近中心出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="121"/>
        <source>Isochrones (nearest centre)</source>
        <translation>等时圈(最近中心)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="124"/>
        <source>Also write one travel-time raster per centre and k-coverage rasters</source>
        <translation>同时输出每个中心的出行时间栅格和 k 重覆盖栅格</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="127"/>
        <source>Coverage by province and prefecture</source>
        <translation>按省和地级市的覆盖</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="130"/>
        <source>Prefectures: population-weighted time to the nearest centre</source>
        <translation>地级市:到最近中心的人口加权出行时间</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="133"/>
        <source>Travel time per centre (minutes)</source>
        <translation>各中心出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="135"/>
        <source>Centres within each threshold (k-coverage)</source>
        <translation>各阈值内可达中心数(k 重覆盖)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="147"/>
        <source>Solving travel times from each centre…</source>
        <translation>正在计算各中心的出行时间…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="153"/>
        <source>Placing the 2020 census population on the grid (cached)…</source>
        <translation>正在把 2020 年普查人口分配到栅格(有缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="156"/>
        <source>Counting what each centre covers…</source>
        <translation>正在统计各中心的覆盖范围…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="158"/>
        <source>People: 2020 census (7th national census by county; Hong Kong and Macao 2021 censuses; Taiwan household registration), spread over the land cells of each county; {0:,.0f} people on this grid.</source>
        <translation>人口:2020 年人口普查(第七次全国人口普查分县数据;香港和澳门 2021 年人口普查;台湾户籍人口),按县分布到其陆地栅格;本栅格共 {0:,.0f} 人。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/coverage.py" line="167"/>
        <source>Writing the result layers…</source>
        <translation>正在写入结果图层…</translation>
    </message>
</context>
<context>
    <name>CriticalityAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="161"/>
        <source>Corridor segment criticality (N-1)</source>
        <translation>通道区段关键性(N-1)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="163"/>
        <source>Resilience</source>
        <translation>韧性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="164"/>
        <source>Removes each operating corridor segment of the profile in turn and ranks the segments by the population-minutes added (2020 census people on the grid; a person cut off counts 24 h) and by the population losing coverage within THRESHOLD. Reuses the cached graph and re-solves only for segments that lie on some shortest path; the others cannot change any travel time.</source>
        <translation>依次移除该出行配置下的每个运营区段,按增加的人口·分钟(栅格上的 2020 年普查人口;被切断者按 24 小时计)以及在 THRESHOLD 内失去覆盖的人口对区段排序。复用缓存的图,只对位于某条最短路径上的区段重新求解;其余区段不会改变任何出行时间。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="177"/>
        <source>Only segments of these modes (e.g. rail,hsr or road; empty: all)</source>
        <translation>仅限这些方式的区段(如 rail,hsr 或 road;留空为全部)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="179"/>
        <source>Only segments of these families (e.g. expressway, hsr_8v8h; empty: all)</source>
        <translation>仅限这些类别的区段(如 expressway、hsr_8v8h;留空为全部)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="184"/>
        <source>Segment criticality</source>
        <translation>区段关键性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="193"/>
        <source>Removing each segment in turn (N-1)…</source>
        <translation>正在逐一移除各区段(N-1)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="214"/>
        <source>{0} segments ranked; {1} needed a new solve.</source>
        <translation>已对 {0} 个区段排序;其中 {1} 个需要重新求解。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="230"/>
        <source>No operating segment of this profile matches {0}.</source>
        <translation>此出行配置下没有与 {0} 匹配的运营区段。</translation>
    </message>
</context>
<context>
    <name>CriticalityTable</name>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="33"/>
        <source>Segments whose loss adds most travel time, in person-hours (people × hours added)</source>
        <translation>中断后增加出行时间最多的路段,单位为人·小时(人数×增加的小时数)</translation>
    </message>
</context>
<context>
    <name>CurveView</name>
    <message>
        <location filename="../hinterland_plugin/gui/curve_view.py" line="28"/>
        <source>Run the analysis first.</source>
        <translation>请先运行分析。</translation>
    </message>
</context>
<context>
    <name>DisruptionTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="333"/>
        <source>Scenario {0}</source>
        <translation>情景 {0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="71"/>
        <source>Scenario name</source>
        <translation>情景名称</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="74"/>
        <source>Search segments (中文, English or id)</source>
        <translation>搜索区段(中文、英文或编号)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="78"/>
        <source>Corridor segment</source>
        <translation>通道区段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="78"/>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="83"/>
        <source>Pick segments on map</source>
        <translation>在地图上选择区段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="86"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="106"/>
        <source>Draw…</source>
        <translation>绘制…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="108"/>
        <source>Left click adds a vertex, right click closes the hazard polygon</source>
        <translation>左键添加顶点,右键闭合灾害多边形</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="112"/>
        <source>Hazard zone</source>
        <translation>灾害区</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="114"/>
        <source>Run scenario</source>
        <translation>运行情景</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="116"/>
        <source>Rank segments (N-1)</source>
        <translation>区段重要性排序(N-1)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="117"/>
        <source>Remove each segment in turn and map the person-hours its loss adds</source>
        <translation>逐一移除每个路段,并制图显示其中断增加的人·小时</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="119"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="142"/>
        <source>The corridor segments could not be read from {0}.</source>
        <translation>无法从 {0} 读取通道区段。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="210"/>
        <source>{0} segments selected: {1}</source>
        <translation>已选 {0} 个区段:{1}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="242"/>
        <source>No operating corridor segment near the click.</source>
        <translation>点击位置附近没有运营中的通道区段。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="262"/>
        <source>A hazard polygon needs at least three vertices.</source>
        <translation>灾害多边形至少需要三个顶点。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="269"/>
        <source>Hazard zone {0}</source>
        <translation>灾害区 {0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="285"/>
        <source>{0} was cancelled or failed; nothing was added to the project.</source>
        <translation>{0}已取消或失败;未向项目添加任何内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="296"/>
        <source>Choose segments (list or map) or a hazard zone first.</source>
        <translation>请先选择区段(列表或地图)或灾害区。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="299"/>
        <source>The hazard layer &apos;{0}&apos; has no polygons.</source>
        <translation>灾害图层“{0}”中没有多边形。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="308"/>
        <source>Running scenario '{0}'…</source>
        <translation>正在运行情景“{0}”…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="312"/>
        <source>The scenario</source>
        <translation>情景计算</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="318"/>
        <source>Minutes added — {0}</source>
        <translation>增加分钟数 — {0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="323"/>
        <source>Disrupted segments — {0}</source>
        <translation>中断区段 — {0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="329"/>
        <source>Scenario &apos;{0}&apos;: {1} segments disrupted.</source>
        <translation>情景“{0}”:中断 {1} 个区段。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="331"/>
        <source>Centres cut off: {0}.</source>
        <translation>被切断的中心:{0}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="357"/>
        <source>Ranking every segment (N-1)…</source>
        <translation>正在对所有区段排序(N-1)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="361"/>
        <source>The N-1 ranking</source>
        <translation>N-1 排序</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="363"/>
        <source>Segment criticality (person-hours, {0:g} min)</source>
        <translation>路段关键性(人·小时,{0:g}分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="370"/>
        <source>Most critical: {0}</source>
        <translation>最关键:{0}</translation>
    </message>
</context>
<context>
    <name>EarlyWarningAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="237"/>
        <source>Early-warning indicators</source>
        <translation>预警指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="239"/>
        <source>Resilience</source>
        <translation>韧性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="240"/>
        <source>Evaluates early-warning indicators (default resources/profiles/indicators.json, or INDICATORS: a JSON file of the same form) for the baseline and for each disrupted scenario: population share within a time of a centre, longest time from a computing hub or reserve site to a centre, largest coverage loss from one failed segment (N-1). Each gets green, amber or red. DISRUPTED: segment ids separated by commas; several scenarios separated by &apos;;&apos; (named in SCENARIO_NAMES, also &apos;;&apos;-separated).</source>
        <translation>计算基准情景和每个中断情景的预警指标(默认 resources/profiles/indicators.json,或 INDICATORS:同样格式的 JSON 文件):一定时间内到达中心的人口占比、算力枢纽或储备基地到中心的最长时间、单一区段中断造成的最大覆盖损失(N-1)。每项给出绿、黄或红。DISRUPTED:区段编号以逗号分隔;多个情景以“;”分隔(名称在 SCENARIO_NAMES 中,同样以“;”分隔)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="254"/>
        <source>Indicator file (JSON)</source>
        <translation>指标文件(JSON)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="256"/>
        <source>Disrupted segment ids</source>
        <translation>中断的区段编号</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="258"/>
        <source>Scenario names</source>
        <translation>情景名称</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="261"/>
        <source>Indicator table</source>
        <translation>指标表</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="277"/>
        <source>Unknown or non-operating segment ids for this profile: {0}</source>
        <translation>该出行配置下未知或未运营的区段编号:{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/scenarios.py" line="283"/>
        <source>Evaluating the indicators (N-1 runs for the segment indicator)…</source>
        <translation>正在评估指标(区段指标需运行 N-1)…</translation>
    </message>
</context>
<context>
    <name>EngineAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="112"/>
        <source>Accessibility</source>
        <translation>可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="123"/>
        <source>The Hinterland Processing provider is not loaded.</source>
        <translation>战略腹地处理工具未加载。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="128"/>
        <source>Coverage threshold (minutes)</source>
        <translation>覆盖时间阈值(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="133"/>
        <source>Thresholds (minutes)</source>
        <translation>时间阈值(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="141"/>
        <source>Travel profile</source>
        <translation>出行方式配置</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="144"/>
        <source>Resolution (m)</source>
        <translation>分辨率(米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="168"/>
        <source>Hinterland centres (points)</source>
        <translation>腹地中心(点)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="171"/>
        <source>Centre name field</source>
        <translation>中心名称字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="173"/>
        <source>Readiness delay field (minutes)</source>
        <translation>准备时延字段(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="183"/>
        <source>Preparing the {0} grid at {1:g} m (cached after the first run)…</source>
        <translation>正在准备 {0} 配置、{1:g} 米分辨率的栅格(首次运行后缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="187"/>
        <source>{0} x {1} cells, {2} land cells, {3} network nodes.</source>
        <translation>{0} × {1} 个栅格单元,{2} 个陆地单元,{3} 个网络节点。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="148"/>
        <source>16 neighbours (knight&apos;s moves, as GRASS r.cost -k): less metrication error, about twice the solve time</source>
        <translation>16 邻域(马步移动,同 GRASS r.cost -k):度量误差更小,求解时间约为两倍</translation>
    </message>
</context>
<context>
    <name>FrictionSurfaceAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/frictionsurface.py" line="34"/>
        <source>Friction surface</source>
        <translation>通行阻抗面</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/frictionsurface.py" line="20"/>
        <source>Builds the off-network friction surface of a travel profile over China in the China Albers equal-area CRS: land mask from the bundled outline, slowdown by regional slope and altitude from the bundled 0.2° DEM, speeds from resources/profiles/profiles.toml. VALUE=friction writes minutes per metre (the engine's unit; NaN = impassable), VALUE=speed writes km/h.</source>
        <translation>在中国 Albers 等积投影下生成某一出行配置的路网外通行阻抗面:陆地范围取自插件自带的国界,按自带 0.2° DEM 的区域坡度和海拔减速,速度取自 resources/profiles/profiles.toml。VALUE=friction 输出每米分钟数(引擎单位;NaN 表示不可通行),VALUE=speed 输出千米/小时。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/frictionsurface.py" line="30"/>
        <source>Extent (default: China)</source>
        <translation>范围(默认:中国)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/frictionsurface.py" line="32"/>
        <source>Value</source>
        <translation>输出值</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/frictionsurface.py" line="41"/>
        <source>The extent is empty.</source>
        <translation>范围为空。</translation>
    </message>
</context>
<context>
    <name>GatewayHinterlandAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="87"/>
        <source>Gateway hinterlands</source>
        <translation>门户腹地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="89"/>
        <source>Gateways and monitoring</source>
        <translation>门户与监测</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="90"/>
        <source>Assigns every cell and every prefecture to its fastest gateway under the freight profile (trucks, rail freight, Yangtze barges; profiles.toml [profiles.freight]) plus the gateway's own time (customs, transshipment, gauge change: gateway_penalty_min by type). Gateways: the bundled seaports, Yangtze ports, border crossings and dry ports / China–Europe assembly hubs (TYPES; hub cities on request), or GATEWAYS (points, with NAME_FIELD, TYPE_FIELD, PENALTY_FIELD in minutes). Outputs: the gateway of each cell (one colour per gateway), the time to it, the second-best gateway and its time; per gateway the area, people (2020 census) and prefectures it serves; per prefecture its fastest and second-best gateway (people-weighted mean time of its cells). CLOSE (gateway names or hub ids, separated by ';'): the hinterland the closed gateways lose, where that traffic goes next (people and area shifted to each gateway, minutes added) and each prefecture's gateway after the closure.</source>
        <translation>按货运出行方式（卡车、铁路货运、长江驳船；profiles.toml 的 [profiles.freight]）并计入门户自身耗时（通关、换装、换轨：按类型的 gateway_penalty_min），把每个栅格单元和每个地级单元分配给最快到达的门户。门户：内置的海港、长江港口、边境口岸和陆港／中欧班列集结中心（TYPES；可选枢纽城市），或 GATEWAYS（点图层，可用 NAME_FIELD、TYPE_FIELD、PENALTY_FIELD（分钟））。输出：每个单元的门户（每个门户一种颜色）、到达时间、次优门户及其时间；每个门户服务的面积、人口（2020 年人口普查）和地级单元；每个地级单元的最快和次优门户（按人口加权的各单元平均时间）。CLOSE（门户名称或枢纽编号，用“;”分隔）：被关闭门户失去的腹地、这些货流转向何处（转移到各门户的人口和面积、增加的分钟数）以及关闭后各地级单元的门户。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="117"/>
        <source>Gateways (points; empty: the bundled ports, border crossings and dry ports)</source>
        <translation>门户（点；留空：内置港口、边境口岸和陆港）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="120"/>
        <source>Gateway name field</source>
        <translation>门户名称字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="122"/>
        <source>Gateway type field (seaport, river_port, border_crossing, dry_port, hub_city)</source>
        <translation>门户类型字段（seaport、river_port、border_crossing、dry_port、hub_city）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="125"/>
        <source>Gateway time field (minutes at the gateway, instead of the type&apos;s)</source>
        <translation>门户耗时字段（在门户停留的分钟数，代替按类型的取值）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="129"/>
        <source>Bundled gateway types</source>
        <translation>内置门户类型</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="133"/>
        <source>Travel profile</source>
        <translation>出行方式配置</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="135"/>
        <source>Resolution (m)</source>
        <translation>分辨率(米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="138"/>
        <source>Close these gateways (names or hub ids, separated by &apos;;&apos;)</source>
        <translation>关闭以下门户（名称或枢纽编号，用“;”分隔）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="140"/>
        <source>Gateway hinterlands (fastest gateway)</source>
        <translation>门户腹地（最快门户）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="142"/>
        <source>Gateways: area, people and prefectures served</source>
        <translation>门户：服务面积、人口和地级单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="144"/>
        <source>Prefectures: fastest and second-best gateway</source>
        <translation>地级单元：最快和次优门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="147"/>
        <source>Time to the fastest gateway (minutes)</source>
        <translation>到最快门户的时间（分钟）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="147"/>
        <source>Time to the second-best gateway (minutes)</source>
        <translation>到次优门户的时间（分钟）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="147"/>
        <source>Second-best gateway</source>
        <translation>次优门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="147"/>
        <source>Where the closed gateways&apos; traffic goes</source>
        <translation>被关闭门户的货流去向</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="147"/>
        <source>Minutes added by the closure</source>
        <translation>关闭造成的增加时间（分钟）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="153"/>
        <source>Closure: traffic shifted to each gateway</source>
        <translation>关闭：转移到各门户的货流</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="189"/>
        <source>Gateway types without a time in the freight profile (0 min): {0}</source>
        <translation>货运配置中没有耗时的门户类型（按 0 分钟计）：{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="211"/>
        <source>Gateway &apos;{0}&apos; is not on land of this grid: left out.</source>
        <translation>门户“{0}”不在本栅格的陆地上：已略去。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="214"/>
        <source>No gateways were given.</source>
        <translation>未给出门户。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="217"/>
        <source>Gateway &apos;{0}&apos;: the time at the gateway must be a number of minutes &gt;= 0 and at most a week.</source>
        <translation>门户“{0}”：门户耗时必须是不小于 0 且不超过一周的分钟数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="241"/>
        <source>Preparing the {0} grid at {1:g} m (cached after the first run)…</source>
        <translation>正在准备 {0} 配置、{1:g} 米分辨率的栅格(首次运行后缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="249"/>
        <source>{0} gateways; {1} x {2} cells.</source>
        <translation>{0} 个门户；{1} x {2} 个单元。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="251"/>
        <source>Solving freight times from each gateway…</source>
        <translation>正在计算各门户的货运时间…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="255"/>
        <source>Placing the 2020 census population on the grid (cached)…</source>
        <translation>正在把 2020 年普查人口分配到栅格(有缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="273"/>
        <source>{0}: {1:,.0f} people, {2:,.0f} km², {3} prefectures</source>
        <translation>{0}：{1:,.0f} 人，{2:,.0f} 平方公里，{3} 个地级单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="331"/>
        <source>Closing {0}: {1:,.0f} people and {2:,.0f} km² go to {3}.</source>
        <translation>关闭 {0}：{1:,.0f} 人和 {2:,.0f} 平方公里转向 {3}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/gateways.py" line="331"/>
        <source>no gateway</source>
        <translation>无门户</translation>
    </message>
</context>
<context>
    <name>GatewaysTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="83"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="86"/>
        <source>Gateway types</source>
        <translation>门户类型</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="87"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="158"/>
        <source>Gateway hinterlands</source>
        <translation>门户腹地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="90"/>
        <source>Assign every cell and prefecture to its fastest gateway (freight profile)</source>
        <translation>把每个网格和地级单元分配给最快到达的门户(货运出行方式)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="93"/>
        <source>Run the hinterlands first to choose a gateway</source>
        <translation>先计算门户腹地,再选择门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="94"/>
        <source>Close gateway</source>
        <translation>关闭门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="95"/>
        <source>Where does the traffic of this gateway go if it closes?</source>
        <translation>该门户关闭后,其货流转向哪里?</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="97"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="122"/>
        <source>Tick at least one gateway type.</source>
        <translation>请至少勾选一种门户类型。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="136"/>
        <source>Gateway hinterlands… (the first run at a resolution prepares the grid)</source>
        <translation>正在计算门户腹地…(某一分辨率的首次运行需准备网格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="143"/>
        <source>The gateway run was cancelled or failed; nothing was added.</source>
        <translation>门户计算已取消或失败;未添加任何内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="147"/>
        <source>Gateways</source>
        <translation>门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="155"/>
        <source>Prefectures by gateway</source>
        <translation>地级单元所属门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="164"/>
        <source>After closing {0}</source>
        <translation>关闭{0}之后</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="167"/>
        <source>Minutes added by the closure</source>
        <translation>关闭造成的增加时间（分钟）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="177"/>
        <source>Done: {0} gateways.</source>
        <translation>完成:{0}个门户。</translation>
    </message>
</context>
<context>
    <name>HazardEnsembleAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="55"/>
        <source>Hazard ensemble (one disruption per polygon)</source>
        <translation>灾害情景集(每个多边形一次中断)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="57"/>
        <source>Resilience</source>
        <translation>韧性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="58"/>
        <source>Every polygon of HAZARDS (e.g. each flood or earthquake footprint, any CRS) is one scenario: the corridor segments crossing it fail together and travel times to the nearest centre are solved again. OUTPUT: one row per feature — segments cut, population (2020 census) within THRESHOLD before and after, population losing coverage, population-minutes added (a cell cut off counts 24 h), land losing coverage and land no longer reachable. OUTPUT_SEGMENTS: per segment cut by at least one hazard, how many hazards cut it and the mean and maximum population-minutes of those hazards. SCHEDULER (advanced): empty runs in QGIS; local:N uses N worker processes on this machine, tcp://host:8786 an existing Dask cluster.</source>
        <translation>HAZARDS 中的每个多边形(例如每一处洪水或地震影响范围,任意坐标系)是一个情景:与之相交的通道区段同时失效,并重新求解到最近中心的通行时间。OUTPUT:每个要素一行——中断的区段、THRESHOLD 内中断前后的人口(2020 年人口普查)、失去覆盖的人口、增加的人口·分钟(被切断的栅格单元按 24 小时计)、失去覆盖的土地以及不再可达的土地。OUTPUT_SEGMENTS:对至少被一个灾害切断的每个区段,给出切断它的灾害数量以及这些灾害的人口·分钟平均值与最大值。SCHEDULER(高级):留空则在 QGIS 内运行;local:N 使用本机 N 个工作进程;tcp://host:8786 使用已有的 Dask 集群。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="76"/>
        <source>Hazard polygons (one scenario each)</source>
        <translation>灾害多边形(每个一个情景)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="78"/>
        <source>Hazard name field</source>
        <translation>灾害名称字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="81"/>
        <source>Hazard table</source>
        <translation>灾害情景表</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="82"/>
        <source>Segment loss statistics</source>
        <translation>区段损失统计</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="88"/>
        <source>The hazard layer could not be read.</source>
        <translation>无法读取灾害图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="90"/>
        <source>The hazard zone must be a polygon layer.</source>
        <translation>危险区必须是多边形图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="94"/>
        <source>Field &apos;{0}&apos; does not exist.</source>
        <translation>字段“{0}”不存在。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="107"/>
        <source>The hazard layer has no polygon features: each polygon is one scenario, so there is nothing to run.</source>
        <translation>灾害图层没有多边形要素:每个多边形是一个情景,因此没有可运行的内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="119"/>
        <source>Solving {0} hazard scenarios ({1})…</source>
        <translation>正在求解 {0} 个灾害情景({1})…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="141"/>
        <source>{0} hazards; {1} segments cut by at least one; {2} hazards cross no segment.</source>
        <translation>{0} 个灾害;{1} 个区段至少被一个灾害切断;{2} 个灾害未穿过任何区段。</translation>
    </message>
</context>
<context>
    <name>HinterlandAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/base.py" line="54"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
</context>
<context>
    <name>HinterlandDock</name>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="93"/>
        <source>Hinterland</source>
        <translation>战略腹地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="50"/>
        <source>Disruption</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="51"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="52"/>
        <source>Early warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="57"/>
        <source>Centres</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="57"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="57"/>
        <source>Scenarios</source>
        <translation>情景</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="57"/>
        <source>Gateways</source>
        <translation>门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="57"/>
        <source>Monitor</source>
        <translation>监测</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/dock.py" line="91"/>
        <source>Results of this project are written to {0} (Run tab, Results folder… to change).</source>
        <translation>本项目的结果写入 {0}(可在“运行”页“结果文件夹…”中更改)。</translation>
    </message>
</context>
<context>
    <name>HinterlandPlugin</name>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="53"/>
        <source>Add strategic layers</source>
        <translation>添加战略图层</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="55"/>
        <source>Add the sourced strategic-hinterland layers (corridors, reserve sites, computing hubs, candidate centres, reference lines) to the project</source>
        <translation>向工程添加有出处的国家战略腹地图层(通道、储备基地、算力枢纽、候选中心、参考线)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="62"/>
        <source>Hinterland analysis panel</source>
        <translation>战略腹地分析面板</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="134"/>
        <source>Hinterland</source>
        <translation>战略腹地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="129"/>
        <source>Added {0} strategic layers.</source>
        <translation>已添加 {0} 个战略图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="131"/>
        <source>The empty project now uses the China Albers equal-area CRS.</source>
        <translation>空工程已设置为中国 Albers 等积投影坐标系。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/plugin.py" line="134"/>
        <source>The strategic layers are already in the project.</source>
        <translation>战略图层已在工程中。</translation>
    </message>
</context>
<context>
    <name>HinterlandProvider</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/provider.py" line="31"/>
        <source>Hinterland</source>
        <translation>战略腹地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/provider.py" line="34"/>
        <source>Hinterland — national strategic hinterland analysis</source>
        <translation>战略腹地 —— 国家战略腹地分析</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/provider.py" line="52"/>
        <source>The accessibility engine needs these Python packages, which are missing or too old: {0}. Install them into the Python that QGIS uses, e.g. python3 -m pip install --user {1}</source>
        <translation>可达性引擎所需的以下 Python 包缺失或版本过旧:{0}。请安装到 QGIS 所用的 Python 中,例如:python3 -m pip install --user {1}</translation>
    </message>
</context>
<context>
    <name>InputsBox</name>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="120"/>
        <source>Own data</source>
        <translation>自有数据</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="132"/>
        <source>(none)</source>
        <translation>(无)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="145"/>
        <source>extent: xmin,xmax,ymin,ymax [EPSG:4326]</source>
        <translation>范围:xmin,xmax,ymin,ymax [EPSG:4326]</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="146"/>
        <source>Map extent</source>
        <translation>地图范围</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="147"/>
        <source>Use the extent shown in the map as the study area</source>
        <translation>以地图当前显示范围作为研究区</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="157"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="165"/>
        <source>Study area (polygons)</source>
        <translation>研究区(面图层)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="165"/>
        <source>or extent</source>
        <translation>或范围</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="166"/>
        <source>Network (lines)</source>
        <translation>路网(线图层)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="167"/>
        <source>Speed field (km/h)</source>
        <translation>速度字段(千米/小时)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="168"/>
        <source>or time field (min)</source>
        <translation>或时间字段(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="169"/>
        <source>Mode field</source>
        <translation>方式字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="170"/>
        <source>One-way field</source>
        <translation>单行字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="171"/>
        <source>Snapping tolerance</source>
        <translation>捕捉容差</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="171"/>
        <source>Own network</source>
        <translation>自有路网</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="172"/>
        <source>Friction (raster)</source>
        <translation>摩擦面(栅格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="172"/>
        <source>Friction units</source>
        <translation>摩擦单位</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="173"/>
        <source>Population (raster)</source>
        <translation>人口(栅格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="174"/>
        <source>or population polygons</source>
        <translation>或人口面图层</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="175"/>
        <source>Count field</source>
        <translation>人数字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="176"/>
        <source>Sites (points)</source>
        <translation>站点(点图层)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="176"/>
        <source>Site name field</source>
        <translation>站点名称字段</translation>
    </message>
</context>
<context>
    <name>IsochronesAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/isochrones.py" line="25"/>
        <source>Isochrones around hinterland centres</source>
        <translation>腹地中心等时圈</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/isochrones.py" line="26"/>
        <source>Isochrone polygons for each centre and threshold (minutes, comma-separated). MODE per_centre: one surface per centre, polygons may overlap; MODE nearest: cells go to their nearest centre, so the polygons of one threshold partition the covered area. Outlines are dissolved and smoothed at cell scale; area_km2 counts the raster cells, so it matches the travel-time raster.</source>
        <translation>按中心和时间阈值(分钟,逗号分隔)生成等时圈面。MODE per_centre:每个中心单独计算,面可相互重叠;MODE nearest:每个栅格归属最近的中心,同一阈值的面互不重叠。边界已融合并按栅格尺度平滑;area_km2 按栅格单元统计,与出行时间栅格一致。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/isochrones.py" line="38"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/isochrones.py" line="40"/>
        <source>Isochrones</source>
        <translation>等时圈</translation>
    </message>
</context>
<context>
    <name>MonitorAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="85"/>
        <source>Monitoring and early warning from observed data</source>
        <translation>基于观测数据的监测预警</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="87"/>
        <source>Gateways and monitoring</source>
        <translation>门户与监测</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="88"/>
        <source>Reads observations (FEED: a CSV or any table QGIS can read, with unit_id, indicator, date, value) of provinces and prefectures (adcode), reserve sites (site_id), hubs (hub_id) and corridor segments (segment_id), ids as in the bundled layers, and classifies the latest value of each unit and indicator on or before DATE (default: the latest date of the table) green, amber or red with the thresholds of the indicator file (INDICATORS: entries with metric &apos;observed&apos;; default: the bundled SYNTHETIC sample thresholds). Trend: slope of the last TREND_N observations per 30 days, worsening / improving / stable, and the days until red at that pace. A province responds when a rule of the file holds (default: any red unit; e.g. two amber units). Outputs: status table, alerts sorted by severity, the units on the map by status (areas, points, lines), the province response map and the observations used.</source>
        <translation>读取省份和地级单元（adcode）、储备基地（site_id）、枢纽（hub_id）和通道区段（segment_id）的观测数据（FEED：CSV 或 QGIS 可读取的任何表，含 unit_id、indicator、date、value；编号与内置图层一致），按指标文件的阈值（INDICATORS：metric 为“observed”的条目；默认：内置的合成示例阈值）将每个单元每个指标在 DATE（默认：表中最晚日期）及以前的最新值划分为绿色、黄色或红色。趋势：最近 TREND_N 个观测值每 30 天的斜率，恶化／好转／稳定，以及按此速度到达红色的天数。当指标文件中的某条规则成立时该省启动响应（默认：任一单元为红色；例如两个单元为黄色）。输出：状态表、按严重程度排序的预警列表、按状态显示的单元地图（面、点、线）、省级响应地图以及所用的观测值。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="108"/>
        <source>Observations (table: unit_id, indicator, date, value)</source>
        <translation>观测数据（表：unit_id、indicator、date、value）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="110"/>
        <source>Unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="110"/>
        <source>Indicator field</source>
        <translation>指标字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="111"/>
        <source>Date field</source>
        <translation>日期字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="111"/>
        <source>Value field</source>
        <translation>数值字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="115"/>
        <source>Indicator file (JSON)</source>
        <translation>指标文件(JSON)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="117"/>
        <source>Date (YYYY-MM-DD; empty: the latest)</source>
        <translation>日期（YYYY-MM-DD；留空：最新）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="119"/>
        <source>Observations in the trend</source>
        <translation>趋势所用观测值个数</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="122"/>
        <source>Status of every unit</source>
        <translation>各单元状态</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="123"/>
        <source>Alerts by severity</source>
        <translation>按严重程度排序的预警</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="125"/>
        <source>Provincial response</source>
        <translation>省级响应</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="127"/>
        <source>Monitored provinces and prefectures</source>
        <translation>监测的省份和地级单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="127"/>
        <source>Monitored reserve sites and hubs</source>
        <translation>监测的储备基地和枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="127"/>
        <source>Monitored corridor segments</source>
        <translation>监测的通道区段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="131"/>
        <source>Observations used (for trend charts)</source>
        <translation>所用观测值（用于趋势图）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="138"/>
        <source>The observation table could not be read.</source>
        <translation>无法读取观测数据表。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="160"/>
        <source>Thresholds: the bundled SYNTHETIC sample file {0} (not official thresholds; give INDICATORS for a real feed).</source>
        <translation>阈值：内置的合成示例文件 {0}（非官方阈值；真实数据请提供 INDICATORS）。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="169"/>
        <source>Status on {0}: {1} units, {2} alerts.</source>
        <translation>{0} 的状态：{1} 个单元，{2} 条预警。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="173"/>
        <source>Provinces that trigger a response: {0}</source>
        <translation>启动响应的省份：{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="190"/>
        <source> … and {0} more</source>
        <translation> …… 另有 {0} 个</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="194"/>
        <source>Unknown unit ids (not in the bundled provinces, prefectures, reserve sites, hubs or corridor segments), their rows skipped: {0}</source>
        <translation>未知的单元编号（不在内置的省份、地级单元、储备基地、枢纽或通道区段中），相应行已跳过：{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="198"/>
        <source>Indicators without thresholds in the indicator file, their rows skipped: {0}</source>
        <translation>指标文件中没有阈值的指标，相应行已跳过：{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/monitor.py" line="201"/>
        <source>{0} rows without a value skipped.</source>
        <translation>已跳过 {0} 个没有数值的行。</translation>
    </message>
</context>
<context>
    <name>MonitorTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="74"/>
        <source>Synthetic sample feed (not real data)</source>
        <translation>合成示例数据(非真实数据)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="78"/>
        <source>Synthetic sample thresholds (not official)</source>
        <translation>合成示例阈值(非官方)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="80"/>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="82"/>
        <source>Observations (empty: synthetic sample)</source>
        <translation>观测数据(留空:合成示例)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="83"/>
        <source>Thresholds (JSON)</source>
        <translation>阈值(JSON)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="84"/>
        <source>Date (YYYY-MM-DD)</source>
        <translation>日期(YYYY-MM-DD)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="86"/>
        <source>Evaluate feed</source>
        <translation>评估监测数据</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="88"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="121"/>
        <source>Evaluating the observations…</source>
        <translation>正在评估观测数据…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="128"/>
        <source>The monitoring run failed; nothing was added.</source>
        <translation>监测计算失败;未添加任何内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="135"/>
        <source>(SYNTHETIC sample)</source>
        <translation>(合成示例)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="137"/>
        <source>Provincial response</source>
        <translation>省级响应</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="137"/>
        <source>Monitored areas</source>
        <translation>监测区域</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="137"/>
        <source>Monitored corridor segments</source>
        <translation>监测的通道区段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="137"/>
        <source>Monitored sites and hubs</source>
        <translation>监测站点与枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="148"/>
        <source>{0} alerts.</source>
        <translation>{0}条预警。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="184"/>
        <source>{0}: one line per unit, thresholds dashed</source>
        <translation>{0}:每个单元一条线,虚线为阈值</translation>
    </message>
</context>
<context>
    <name>OdMatrixAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="20"/>
        <source>Origin–destination travel-time matrix</source>
        <translation>起讫点出行时间矩阵</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="21"/>
        <source>Travel time in minutes from every origin to every destination over the grid and corridor network (one solve per origin, reusing the cached graph). Unreachable pairs get an empty minutes value.</source>
        <translation>计算每个起点到每个终点经栅格与通道网络的出行时间(分钟);每个起点求解一次,复用缓存的图。不可达的起讫点对分钟数为空。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="27"/>
        <source>Origins (points)</source>
        <translation>起点(点)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="28"/>
        <source>Origin id field</source>
        <translation>起点标识字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="30"/>
        <source>Destinations (points)</source>
        <translation>终点(点)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="31"/>
        <source>Destination id field</source>
        <translation>终点标识字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="34"/>
        <source>OD matrix</source>
        <translation>起讫点矩阵</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/odmatrix.py" line="49"/>
        <source>Solving from each origin…</source>
        <translation>正在从各起点求解…</translation>
    </message>
</context>
<context>
    <name>PopulationAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="24"/>
        <source>Census population surface</source>
        <translation>普查人口栅格</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="25"/>
        <source>People per cell of the analysis grid (China Albers equal-area) from the 2020 census: the 7th national census by county (Lei Dong et al., &apos;China Census&apos;, MIT licence), Hong Kong and Macao from their 2021 censuses, Taiwan from household registration. Each county&apos;s residents are spread over its own land cells (urban residents towards its towns and cities, rural residents by terrain), so every county&apos;s cells add up to its census count. VALUE total, urban or rural. The same surface every analysis counts.</source>
        <translation>分析栅格(中国 Albers 等积投影)上每个栅格的人口,来自 2020 年人口普查:第七次全国人口普查分县数据(Lei Dong 等,“China Census”,MIT 许可),香港和澳门为其 2021 年人口普查,台湾为户籍人口。每个县的常住人口分布到其自身的陆地栅格(城镇人口趋向其城镇,乡村人口按地形分布),因此每个县的栅格之和等于其普查数。VALUE 可选 total、urban 或 rural。所有分析统计的都是这一人口栅格。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="36"/>
        <source>Extent (default: China)</source>
        <translation>范围(默认:中国)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="37"/>
        <source>Resolution (m)</source>
        <translation>分辨率(米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="40"/>
        <source>Value</source>
        <translation>输出值</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="42"/>
        <source>People per cell</source>
        <translation>每栅格人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="50"/>
        <source>The extent is empty.</source>
        <translation>范围为空。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="54"/>
        <source>Preparing the grid at {0:g} m (cached after the first run)…</source>
        <translation>正在准备 {0:g} 米栅格(首次运行后缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="57"/>
        <source>Placing the 2020 census population on the grid (cached)…</source>
        <translation>正在把 2020 年普查人口分配到栅格(有缓存)…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/population.py" line="64"/>
        <source>{0:,.0f} people on this grid.</source>
        <translation>本栅格共 {0:,.0f} 人。</translation>
    </message>
</context>
<context>
    <name>ReportAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="67"/>
        <source>Hinterland report</source>
        <translation>战略腹地报告</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="69"/>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="107"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="109"/>
        <source>Page</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="111"/>
        <source>Early-warning indicators</source>
        <translation>预警指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="113"/>
        <source>Indicator file (JSON)</source>
        <translation>指标文件(JSON)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="115"/>
        <source>Disrupted segment ids</source>
        <translation>中断的区段编号</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="117"/>
        <source>Scenario names</source>
        <translation>情景名称</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="119"/>
        <source>Map the population-weighted time by prefecture instead of the raster</source>
        <translation>以地级市人口加权时间分级图代替栅格</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="129"/>
        <source>Report (PDF)</source>
        <translation>报告(PDF)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="131"/>
        <source>Map (PNG, 300 dpi)</source>
        <translation>地图(PNG,300 dpi)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="133"/>
        <source>Report (HTML)</source>
        <translation>报告(HTML)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="182"/>
        <source>The Hinterland Processing provider is not loaded.</source>
        <translation>战略腹地处理工具未加载。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="185"/>
        <source>The step {0} of the report failed.</source>
        <translation>报告步骤 {0} 失败。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="231"/>
        <source>Choose at least one output: PDF, PNG or HTML.</source>
        <translation>请至少选择一种输出:PDF、PNG 或 HTML。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="238"/>
        <source>Running the coverage analysis…</source>
        <translation>正在进行覆盖分析…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="251"/>
        <source>Evaluating the early-warning indicators…</source>
        <translation>正在计算预警指标…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="257"/>
        <source>Drawing the report…</source>
        <translation>正在绘制报告…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="294"/>
        <source>The report could not be written: {0}</source>
        <translation>无法写入报告:{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="70"/>
        <source>Runs the coverage analysis for the centres and renders an A4 landscape map — travel time, isochrones, corridors, centres, reserve sites and computing hubs, legend, scale bar, north arrow, South China Sea inset, coverage table, data sources — to PDF and 300 dpi PNG, plus an HTML report with the map, the tables and the method. LANGUAGE zh or en. The user's project is not touched: the report is built in a separate project. EARLY_WARNING adds the early-warning indicators (INDICATORS file or the default; for the baseline and the scenarios in DISRUPTED / SCENARIO_NAMES, as in hinterland:earlywarning) as a green/amber/red table on the map page and in the HTML. A second page (in the PDF; OUTPUT_PNG_PAGE2 as a picture) when asked for: GATEWAYS the gateway hinterlands (map of the fastest gateway under the freight profile, gateways by residents served), MONITOR the monitoring of observed values (MONITOR_FEED, default the SYNTHETIC sample: alerts by severity, provinces that trigger a response, a trend chart per indicator), BACKUP_REACH the key-industry backup reach (pairs by what losing the most critical segment between primary and backup adds).</source>
        <translation>对所选中心运行覆盖分析,并输出 A4 横版地图——出行时间、等时圈、通道、中心、储备基地与算力枢纽、图例、比例尺、指北针、南海诸岛附图、覆盖统计表和数据来源——为 PDF 和 300 dpi PNG,另生成包含地图、统计表和方法说明的 HTML 报告。LANGUAGE 取 zh 或 en。不改动用户的工程:报告在单独的工程中生成。EARLY_WARNING 会加入预警指标(INDICATORS 文件或默认指标;基准情景及 DISRUPTED / SCENARIO_NAMES 中的情景,与 hinterland:earlywarning 相同),在地图页和 HTML 中以绿/黄/红表格显示。按需生成第二页(在 PDF 中;OUTPUT_PNG_PAGE2 为图片):GATEWAYS 为门户腹地(货运配置下最快门户的地图、按服务常住人口排列的门户),MONITOR 为观测值监测(MONITOR_FEED,默认为合成示例:按严重程度排列的警报、启动响应的省份、每个指标一幅趋势图),BACKUP_REACH 为关键产业备份可达性(按主集群与备份城市之间最关键区段中断所增加的时间排列的产业对)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="122"/>
        <source>Page 2: gateway hinterlands (map and table)</source>
        <translation>第 2 页:门户腹地(地图和表格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="122"/>
        <source>Page 2: monitoring (alerts, provinces that respond, trends)</source>
        <translation>第 2 页:监测(警报、启动响应的省份、趋势)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="122"/>
        <source>Page 2: key-industry backup reach</source>
        <translation>第 2 页:关键产业备份可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="126"/>
        <source>Observations for the monitoring section (empty: the SYNTHETIC sample)</source>
        <translation>监测部分的观测数据(留空:合成示例)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="135"/>
        <source>Page 2 (PNG, 300 dpi; gateways, monitoring, backup reach)</source>
        <translation>第 2 页(PNG,300 dpi;门户、监测、备份可达性)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="146"/>
        <source>Gateway hinterlands for page 2…</source>
        <translation>正在为第 2 页计算门户腹地…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="156"/>
        <source>Monitoring for page 2…</source>
        <translation>正在为第 2 页计算监测…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/report.py" line="169"/>
        <source>Key-industry backup reach for page 2…</source>
        <translation>正在为第 2 页计算关键产业备份可达性…</translation>
    </message>
</context>
<context>
    <name>RunTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="58"/>
        <source>multimodal</source>
        <translation>多式联运</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="58"/>
        <source>road</source>
        <translation>公路</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="58"/>
        <source>rail</source>
        <translation>铁路</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="68"/>
        <source>Travel profile</source>
        <translation>出行方式配置</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="69"/>
        <source>Thresholds (minutes)</source>
        <translation>时间阈值(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="70"/>
        <source>Resolution (m)</source>
        <translation>分辨率(米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="81"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="83"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="96"/>
        <source>Travel times at a point</source>
        <translation>查询某点的出行时间</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="104"/>
        <source>Population: 2020 (7th) census, county residents placed on the grid.</source>
        <translation>人口:2020年第七次全国人口普查,县级常住人口落到网格。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="126"/>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="127"/>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="129"/>
        <source>Report…</source>
        <translation>报告…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="130"/>
        <source>PDF, PNG (300 dpi) and HTML report of the current centres</source>
        <translation>为当前中心生成 PDF、PNG(300 dpi)和 HTML 报告</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="132"/>
        <source>Results folder…</source>
        <translation>结果文件夹…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="157"/>
        <source>Grid: about {0} million cells, ~{1} GB of memory.</source>
        <translation>网格:约{0}百万个单元,约需{1} GB内存。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="160"/>
        <source>Grid: about {0} million cells, ~{1} MB of memory.</source>
        <translation>网格:约{0}百万个单元,约需{1} MB内存。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="166"/>
        <source>More than this machine has free ({0} GB): choose a coarser resolution or a smaller study area.</source>
        <translation>超过本机可用内存({0} GB):请选择更粗的分辨率或更小的研究区。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="218"/>
        <source>Running… (the first run at a resolution prepares the grid)</source>
        <translation>正在运行…(某一分辨率的首次运行需要准备栅格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="225"/>
        <source>The analysis was cancelled or failed; nothing was added to the project.</source>
        <translation>分析已取消或失败;未向工程添加任何内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="236"/>
        <source>Prefectures: mean time per resident</source>
        <translation>地级单元:人均出行时间</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="241"/>
        <source>Coverage by province and prefecture</source>
        <translation>按省和地级市的覆盖</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="248"/>
        <source>Done: {0} rows.</source>
        <translation>完成:{0} 行。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="261"/>
        <source>Run the analysis first.</source>
        <translation>请先运行分析。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="272"/>
        <source>{0}: {1} min</source>
        <translation>{0}:{1}分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="272"/>
        <source>not reachable</source>
        <translation>不可达</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="279"/>
        <source>Folder for the report</source>
        <translation>报告保存文件夹</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="303"/>
        <source>Writing the report…</source>
        <translation>正在生成报告…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="308"/>
        <source>The report failed.</source>
        <translation>报告生成失败。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="310"/>
        <source>Report written: {0}</source>
        <translation>报告已生成:{0}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="316"/>
        <source>Folder for the results</source>
        <translation>结果文件夹</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="319"/>
        <source>Results are written to {0}.</source>
        <translation>结果写入 {0}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="163"/>
        <source>A run takes about {0}, the first at this resolution about {1} (as on the benchmark machine).</source>
        <translation>运行约需 {0},此分辨率下首次运行约需 {1}(以基准测试机器为准)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="134"/>
        <source>Page 2: gateways, monitoring, backup reach</source>
        <translation>第 2 页:门户、监测、备份可达性</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="135"/>
        <source>A second page with the gateway hinterlands, the monitoring of the feed chosen in the Monitor tab (the synthetic sample when none) and the key-industry backup reach</source>
        <translation>增加第二页:门户腹地、监测(使用“监测”选项卡中选定的数据源,未选时用合成示例)以及关键产业备份可达性</translation>
    </message>
</context>
<context>
    <name>StrategicLayersAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="23"/>
        <source>Strategic hinterland reference layer</source>
        <translation>战略腹地参考图层</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="25"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="26"/>
        <source>Copies one theme of the bundled, sourced reference data (corridors, corridor segments, hubs, strategic reserve sites, computing hubs, candidate centres, cities, boundaries, reference lines) into a new layer, optionally limited to an extent. Every feature keeps its &apos;source&apos; and &apos;confidence&apos;. THEME takes the index or the key, e.g. &apos;corridors&apos;.</source>
        <translation>将插件自带的、有出处的参考数据中的一个专题(通道、通道区段、枢纽、战略储备基地、算力枢纽、候选中心、城市、边界、参考线)复制为新图层,可按范围裁选。每个要素都保留“source”(来源)与“confidence”(可信度)字段。THEME 参数可取序号或键名,如“corridors”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="36"/>
        <source>Theme</source>
        <translation>专题</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="40"/>
        <source>Extent</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="41"/>
        <source>Output layer</source>
        <translation>输出图层</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="46"/>
        <source>Unknown theme &apos;{0}&apos;.</source>
        <translation>未知专题“{0}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="49"/>
        <source>The bundled data file is missing: {0}.</source>
        <translation>缺少插件自带的数据文件:{0}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="52"/>
        <source>Could not open layer &apos;{0}&apos; from {1}.</source>
        <translation>无法从 {1} 打开图层“{0}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="57"/>
        <source>The extent&apos;s coordinate reference system is not known.</source>
        <translation>范围的坐标参考系未知。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="60"/>
        <source>The extent is empty.</source>
        <translation>范围为空。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/strategic_layers.py" line="74"/>
        <source>{0} features copied from &apos;{1}&apos;.</source>
        <translation>已从“{1}”复制 {0} 个要素。</translation>
    </message>
</context>
<context>
    <name>SummaryTable</name>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="85"/>
        <source>Table</source>
        <translation>表格</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="86"/>
        <source>Coverage curve</source>
        <translation>覆盖曲线</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="88"/>
        <source>Provinces</source>
        <translation>分省</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="91"/>
        <source>Copy table</source>
        <translation>复制表格</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="93"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="108"/>
        <source>&apos;Without&apos; rows: what the other centres still cover if that centre fails.</source>
        <translation>“缺少”行:该中心失效时其余中心仍能覆盖的范围。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="122"/>
        <source>Export coverage table</source>
        <translation>导出覆盖统计表</translation>
    </message>
</context>
<context>
    <name>TravelTimeAlgorithm</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/traveltime.py" line="15"/>
        <source>Travel time from hinterland centres</source>
        <translation>腹地中心出行时间</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/traveltime.py" line="16"/>
        <source>One multi-source solve over the grid and the corridor network: for every land cell the travel time in minutes to the nearest centre (OUTPUT_TIME), the index of that centre in the order of the input features (OUTPUT_ALLOCATION, -1 = none) and the time to the second-nearest centre (OUTPUT_BACKUP). A readiness delay (minutes) per centre is added at the start. NoData outside land.</source>
        <translation>在栅格与通道网络上一次性多源求解:对每个陆地栅格给出到最近中心的出行时间(分钟,OUTPUT_TIME)、该中心按输入要素顺序的序号(OUTPUT_ALLOCATION,-1 表示无)以及到次近中心的时间(OUTPUT_BACKUP)。每个中心的准备时延(分钟)在出发时计入。陆地以外为无数据。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/traveltime.py" line="28"/>
        <source>Travel time (minutes)</source>
        <translation>出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/traveltime.py" line="29"/>
        <source>Nearest centre (index)</source>
        <translation>最近中心(序号)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/traveltime.py" line="31"/>
        <source>Second-nearest centre time (minutes)</source>
        <translation>次近中心出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/traveltime.py" line="42"/>
        <source>{0} centres; {1} of {2} land cells reached; median {3:.0f} min.</source>
        <translation>{0} 个中心;{2} 个陆地栅格中可达 {1} 个;中位数 {3:.0f} 分钟。</translation>
    </message>
</context>
<context>
    <name>WarningTab</name>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="45"/>
        <source>Evaluate indicators</source>
        <translation>计算预警指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="46"/>
        <source>Baseline and every scenario; includes an N-1 run per scenario</source>
        <translation>基准情景和每个情景;每个情景包含一次 N-1 分析</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="48"/>
        <source>Load indicators…</source>
        <translation>加载指标…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="50"/>
        <source>Save indicators…</source>
        <translation>保存指标…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="52"/>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="54"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="78"/>
        <source>Evaluating the indicators for the baseline and {0} scenarios…</source>
        <translation>正在计算基准情景和 {0} 个情景的指标…</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="83"/>
        <source>{0} was cancelled or failed; nothing was added to the project.</source>
        <translation>{0}已取消或失败;未向项目添加任何内容。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="83"/>
        <source>The indicator evaluation</source>
        <translation>指标计算</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="89"/>
        <source>Indicators evaluated: {0} red.</source>
        <translation>指标计算完成:{0} 项红色。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="93"/>
        <source>default indicators</source>
        <translation>默认指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="93"/>
        <source>indicators of this project</source>
        <translation>本项目的指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="94"/>
        <source>{0} indicators ({1}).</source>
        <translation>{0} 项指标({1})。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="101"/>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="101"/>
        <source>amber</source>
        <translation>黄</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="101"/>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="106"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="106"/>
        <source>Baseline</source>
        <translation>基准</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="111"/>
        <source>amber if {0} {1:g}, red if {0} {2:g}</source>
        <translation>{0} {1:g} 时为黄色,{0} {2:g} 时为红色</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="129"/>
        <source>Load indicators</source>
        <translation>加载指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/warning_tab.py" line="137"/>
        <source>Save indicators</source>
        <translation>保存指标</translation>
    </message>
</context>
<context>
    <name>adapter</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="46"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="66"/>
        <source>Centre &apos;{0}&apos;: the {1} &apos;{2}&apos; is not a number.</source>
        <translation>中心“{0}”:{1}“{2}”不是数字。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="77"/>
        <source>The layer for {0} could not be read.</source>
        <translation>无法读取 {0} 的图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="79"/>
        <source>{0} must be a point layer.</source>
        <translation>{0} 必须是点图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="81"/>
        <source>The layer for {0} has no valid coordinate reference system.</source>
        <translation>{0} 的图层没有有效的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="91"/>
        <source>Field &apos;{0}&apos; does not exist.</source>
        <translation>字段“{0}”不存在。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="99"/>
        <source>delay</source>
        <translation>准备时间</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="102"/>
        <source>Centre &apos;{0}&apos;: the delay must be a number of minutes &gt;= 0 and at most a week.</source>
        <translation>中心“{0}”:准备时间必须是不小于 0、不超过一周的分钟数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="104"/>
        <source>capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="107"/>
        <source>Centre &apos;{0}&apos;: the capacity must be a number &gt;= 0.</source>
        <translation>中心“{0}”:容量必须是不小于 0 的数字。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="113"/>
        <source>{0} has no points.</source>
        <translation>{0} 中没有点要素。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="180"/>
        <source>The output {0} would overwrite an input or the plugin&apos;s bundled data: choose another file.</source>
        <translation>输出 {0} 会覆盖输入数据或插件自带数据:请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="191"/>
        <source>The raster {0} could not be written: {1}</source>
        <translation>无法写入栅格 {0}:{1}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="198"/>
        <source>The output {0} could not be created.</source>
        <translation>无法创建输出 {0}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="202"/>
        <source>The output {0} could not be written: {1}</source>
        <translation>无法写入输出 {0}:{1}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/adapter.py" line="202"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>admin_view</name>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="21"/>
        <source>Province</source>
        <translation>省份</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="21"/>
        <source>Residents (2020 census)</source>
        <translation>常住人口(2020年普查)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="25"/>
        <source>Within {0} min</source>
        <translation>{0}分钟内</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="27"/>
        <source>Share within {0} min</source>
        <translation>{0}分钟内占比</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="28"/>
        <source>Mean time per resident (min)</source>
        <translation>人均出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/admin_view.py" line="28"/>
        <source>Nearest centre</source>
        <translation>最近中心</translation>
    </message>
</context>
<context>
    <name>backup_reach</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="50"/>
        <source>min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/backup_reach.py" line="51"/>
        <source>no critical segment</source>
        <translation>无关键区段</translation>
    </message>
</context>
<context>
    <name>backup_reach_box</name>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="39"/>
        <source>Industry</source>
        <translation>产业</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="39"/>
        <source>Primary → backup</source>
        <translation>主集群 → 备份城市</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="40"/>
        <source>Time (h)</source>
        <translation>时间(小时)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="41"/>
        <source>Market from the backup: + min</source>
        <translation>由备份城市服务市场:增加分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="42"/>
        <source>Critical segment</source>
        <translation>关键区段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="42"/>
        <source>Its loss: + min</source>
        <translation>其中断:增加分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="43"/>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/backup_reach_box.py" line="47"/>
        <source>cut off</source>
        <translation>被切断</translation>
    </message>
</context>
<context>
    <name>compare_tab</name>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="20"/>
        <source>Baseline</source>
        <translation>基准</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="30"/>
        <source>Population within {0:g} min</source>
        <translation>{0:g} 分钟内人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="33"/>
        <source>Area within {0:g} min (km²)</source>
        <translation>{0:g} 分钟内面积(平方千米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="35"/>
        <source>Sites and hubs cut off within {0:g} min</source>
        <translation>{0:g} 分钟内被切断的基地和枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="39"/>
        <source>Population-minutes added</source>
        <translation>增加的人口·分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="40"/>
        <source>Centres cut off</source>
        <translation>被切断的中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/compare_tab.py" line="41"/>
        <source>Segments</source>
        <translation>区段数</translation>
    </message>
</context>
<context>
    <name>criticality_view</name>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="12"/>
        <source>rail</source>
        <translation>铁路</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="12"/>
        <source>high-speed rail</source>
        <translation>高铁</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="12"/>
        <source>road</source>
        <translation>公路</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="12"/>
        <source>waterway</source>
        <translation>水运</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="13"/>
        <source>fixed link</source>
        <translation>跨海通道</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="18"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="18"/>
        <source>Segment</source>
        <translation>路段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="18"/>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="18"/>
        <source>Person-hours added</source>
        <translation>增加的人·小时</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/criticality_view.py" line="18"/>
        <source>People losing coverage</source>
        <translation>失去覆盖的人口</translation>
    </message>
</context>
<context>
    <name>crs</name>
    <message>
        <location filename="../hinterland_plugin/crs.py" line="134"/>
        <source>The coordinate reference system &apos;{0}&apos; cannot be used.</source>
        <translation>无法使用坐标参考系“{0}”。</translation>
    </message>
</context>
<context>
    <name>disruption_tab</name>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="50"/>
        <source>Threshold (min)</source>
        <translation>阈值(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="50"/>
        <source>Population before</source>
        <translation>中断前人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="51"/>
        <source>Population after</source>
        <translation>中断后人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="51"/>
        <source>Population losing coverage</source>
        <translation>失去覆盖的人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="52"/>
        <source>Area before (km²)</source>
        <translation>中断前面积(平方千米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="52"/>
        <source>Area after (km²)</source>
        <translation>中断后面积(平方千米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="53"/>
        <source>Population-minutes added</source>
        <translation>增加的人口·分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="53"/>
        <source>Cut off</source>
        <translation>被切断</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/disruption_tab.py" line="54"/>
        <source>Delayed</source>
        <translation>延误</translation>
    </message>
</context>
<context>
    <name>gateways_tab</name>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="44"/>
        <source>Gateway</source>
        <translation>门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="44"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="44"/>
        <source>Residents served</source>
        <translation>服务人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="55"/>
        <source>Area (km²)</source>
        <translation>面积(平方千米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="56"/>
        <source>Prefectures</source>
        <translation>地级单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="45"/>
        <source>Mean time (min)</source>
        <translation>平均时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="55"/>
        <source>Closed</source>
        <translation>关闭的门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="55"/>
        <source>Traffic goes to</source>
        <translation>货流转向</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="55"/>
        <source>Residents</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/gateways_tab.py" line="55"/>
        <source>Minutes added (mean)</source>
        <translation>平均增加时间(分钟)</translation>
    </message>
</context>
<context>
    <name>hazardensemble</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="39"/>
        <source>Scheduler (empty: in this process; local:N; tcp://host:port)</source>
        <translation>调度器(留空:本进程;local:N;tcp://主机:端口)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/algorithms/hazardensemble.py" line="42"/>
        <source>Where the batch runs: </source>
        <translation>批处理运行位置:</translation>
    </message>
</context>
<context>
    <name>inputs</name>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="76"/>
        <source>Study area (polygons, any CRS)</source>
        <translation>研究区(多边形,任意坐标系)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="78"/>
        <source>Study area as an extent</source>
        <translation>研究区(范围)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="79"/>
        <source>Own network (line layers, any CRS)</source>
        <translation>自有路网(线图层,任意坐标系)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="81"/>
        <source>Network speed field (km/h)</source>
        <translation>路网速度字段(km/h)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="82"/>
        <source>Network time field (minutes per feature)</source>
        <translation>路网时间字段(每个要素的分钟数)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="84"/>
        <source>Network mode field (road, rail, hsr, water)</source>
        <translation>路网方式字段(road、rail、hsr、water)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="86"/>
        <source>Network one-way field (1/true = digitised direction)</source>
        <translation>路网单行字段(1/true = 数字化方向)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="88"/>
        <source>Network snapping tolerance (m)</source>
        <translation>路网捕捉容差(米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="91"/>
        <source>Own network: add to the bundled network or replace it</source>
        <translation>自有路网:加入自带路网或替换之</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="93"/>
        <source>Own friction surface (raster)</source>
        <translation>自有摩擦面(栅格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="94"/>
        <source>Friction units</source>
        <translation>摩擦单位</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="99"/>
        <source>Own population (raster of people per cell)</source>
        <translation>自有人口(每栅格人数的栅格)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="101"/>
        <source>Own population (polygons with a count)</source>
        <translation>自有人口(带人数的多边形)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="103"/>
        <source>Population count field</source>
        <translation>人数字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="109"/>
        <source>Own sites to count (point layers)</source>
        <translation>需统计的自有站点(点图层)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="111"/>
        <source>Site name field</source>
        <translation>站点名称字段</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="120"/>
        <source>A layer of the own inputs has no valid coordinate reference system.</source>
        <translation>自有输入中有图层没有有效的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="129"/>
        <source>A geometry of the own inputs cannot be transformed to WGS84.</source>
        <translation>自有输入中有几何无法转换到 WGS84。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="140"/>
        <source>The study area layer has no polygon.</source>
        <translation>研究区图层中没有多边形。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="146"/>
        <source>The study area extent is empty.</source>
        <translation>研究区范围为空。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="164"/>
        <source>Give the network&apos;s speed field (km/h) or time field (minutes).</source>
        <translation>请指定路网的速度字段(km/h)或时间字段(分钟)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="169"/>
        <source>The network layer &apos;{0}&apos; is not a line layer.</source>
        <translation>路网图层“{0}”不是线图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="191"/>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/processing_provider/inputs.py" line="246"/>
        <source>Give the population count field of the population polygons.</source>
        <translation>请指定人口多边形的人数字段。</translation>
    </message>
</context>
<context>
    <name>inputs_box</name>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="38"/>
        <source>minutes per metre</source>
        <translation>每米分钟数</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="38"/>
        <source>speed (km/h)</source>
        <translation>速度(千米/小时)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="39"/>
        <source>add to the bundled network</source>
        <translation>加入内置路网</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/inputs_box.py" line="39"/>
        <source>replace the bundled network</source>
        <translation>替换内置路网</translation>
    </message>
</context>
<context>
    <name>layers</name>
    <message>
        <location filename="../hinterland_plugin/layers.py" line="69"/>
        <source>Could not open layer &apos;{0}&apos; from {1}.</source>
        <translation>无法从 {1} 打开图层“{0}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/layers.py" line="82"/>
        <source>The style {0} could not be loaded.</source>
        <translation>无法加载样式 {0}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/layers.py" line="118"/>
        <source>The bundled data file is missing: {0}. Reinstall the plugin, or run &apos;make data&apos; in a source checkout.</source>
        <translation>缺少插件自带的数据文件:{0}。请重新安装插件,或在源码目录中运行“make data”。</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="15"/>
        <source>The bundled data file is missing: {path}. Reinstall the plugin.</source>
        <translation>插件自带的数据文件缺失:{path}。请重新安装插件。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="16"/>
        <source>The data file has no layer &apos;{layer}&apos;.</source>
        <translation>数据文件中没有图层“{layer}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="17"/>
        <source>The bundled data file cannot be read (damaged?): {path}. Reinstall the plugin.</source>
        <translation>无法读取插件自带的数据文件(可能已损坏):{path}。请重新安装插件。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="18"/>
        <source>The country outline in the bundled data is empty. Reinstall the plugin.</source>
        <translation>插件自带数据中的国界轮廓为空。请重新安装插件。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="19"/>
        <source>The study area has no land cells at this resolution and extent.</source>
        <translation>在此分辨率和范围下,研究区内没有陆地栅格。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="20"/>
        <source>The elevation model is missing or unreadable: {path}. Reinstall the plugin.</source>
        <translation>高程模型缺失或无法读取:{path}。请重新安装插件。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="21"/>
        <source>Centre &apos;{name}&apos; lies outside the study area (China).</source>
        <translation>中心“{name}”位于研究区(中国)以外。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="22"/>
        <source>Centre &apos;{name}&apos; lies on water or outside the land area.</source>
        <translation>中心“{name}”位于水面或陆地范围以外。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="23"/>
        <source>No centres were given.</source>
        <translation>未给出任何中心。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="24"/>
        <source>All centres are disabled.</source>
        <translation>所有中心均已停用。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="25"/>
        <source>Centre &apos;{name}&apos;: the delay must be a number of minutes &gt;= 0 and at most a week.</source>
        <translation>中心“{name}”:准备时间必须是不小于 0、不超过一周的分钟数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="26"/>
        <source>Threshold &apos;{value}&apos; is not a number of minutes.</source>
        <translation>阈值“{value}”不是分钟数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="27"/>
        <source>Threshold {value} must be a positive number of minutes.</source>
        <translation>阈值 {value} 必须是正的分钟数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="28"/>
        <source>Threshold {value} min is longer than a week.</source>
        <translation>阈值 {value} 分钟超过一周。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="29"/>
        <source>Give at least one threshold in minutes, e.g. 60,120,180,240.</source>
        <translation>请至少给出一个以分钟为单位的时间阈值,例如 60,120,180,240。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="30"/>
        <source>The resolution must be a number of metres, not {value}.</source>
        <translation>分辨率必须是以米为单位的数字,而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="31"/>
        <source>The resolution must be a positive number of metres, not {value}.</source>
        <translation>分辨率必须是正的米数,而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="32"/>
        <source>A resolution of {value} m is finer than the engine supports (100 m).</source>
        <translation>分辨率 {value} 米超出引擎支持的最细分辨率(100 米)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="33"/>
        <source>A resolution of {value} m is too coarse (at most 100 km).</source>
        <translation>分辨率 {value} 米过粗(最多 100 千米)。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="34"/>
        <source>The extent is empty: {bounds}.</source>
        <translation>范围为空:{bounds}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="35"/>
        <source>A {res} m grid has {cells} million cells and needs about {need} GiB of memory, more than this machine has available ({available} GiB): choose a coarser resolution or a smaller area.</source>
        <translation>{res} 米栅格有 {cells} 百万个栅格单元,约需 {need} GiB 内存,超过本机当前可用内存({available} GiB):请选择更粗的分辨率或更小的范围。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="37"/>
        <source>Unknown travel profile &apos;{name}&apos;; available: {available}.</source>
        <translation>未知的出行配置“{name}”;可用:{available}。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="38"/>
        <source>Unknown or non-operating segment ids for this profile: {ids}</source>
        <translation>此出行配置下未知或未运营的区段编号:{ids}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="39"/>
        <source>Give segment ids in DISRUPTED or a HAZARD polygon layer that crosses the network.</source>
        <translation>请在 DISRUPTED 中给出区段编号,或提供与网络相交的 HAZARD 多边形图层。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="40"/>
        <source>The indicator file could not be used: {detail}</source>
        <translation>无法使用该指标文件:{detail}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="41"/>
        <source>Indicator {id}: unknown metric &apos;{metric}&apos;.</source>
        <translation>指标 {id}:未知度量“{metric}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="42"/>
        <source>Indicator {id}: the direction must be low_is_bad or high_is_bad.</source>
        <translation>指标 {id}:方向必须为 low_is_bad 或 high_is_bad。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="43"/>
        <source>Indicator {id}: &apos;{key}&apos; must be a number.</source>
        <translation>指标 {id}:“{key}”必须是数字。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="44"/>
        <source>Indicator {id}: unknown layer &apos;{layer}&apos;.</source>
        <translation>指标 {id}:未知图层“{layer}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="45"/>
        <source>Indicator {id} needs the N-1 analysis.</source>
        <translation>指标 {id} 需要 N-1 分析。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="46"/>
        <source>The indicator file lists no indicators.</source>
        <translation>指标文件中没有任何指标。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="47"/>
        <source>Indicator {index}: &apos;{key}&apos; is missing.</source>
        <translation>指标 {index}:缺少“{key}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="48"/>
        <source>{what} must be one of {allowed}, not &apos;{value}&apos;.</source>
        <translation>{what} 必须是 {allowed} 之一,而不是“{value}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="49"/>
        <source>The study area is empty or not a valid polygon.</source>
        <translation>研究区为空或不是有效的多边形。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="50"/>
        <source>The file cannot be read: {path}</source>
        <translation>无法读取文件:{path}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="51"/>
        <source>The friction raster has values &lt;= 0 (use nodata for impassable cells): {path}</source>
        <translation>摩擦栅格中有 &lt;= 0 的值(不可通行的栅格请设为无数据):{path}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="52"/>
        <source>The population raster has negative values: {path}</source>
        <translation>人口栅格中有负值:{path}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="53"/>
        <source>Population polygon {index}: the count &apos;{value}&apos; is not a number of people &gt;= 0.</source>
        <translation>人口多边形 {index}:人数“{value}”不是不小于 0 的数字。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="54"/>
        <source>The network layer &apos;{layer}&apos; has no field &apos;{field}&apos;.</source>
        <translation>路网图层“{layer}”没有字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="55"/>
        <source>Network layer &apos;{layer}&apos;, feature {feature}: the {what} &apos;{value}&apos; is not a positive number.</source>
        <translation>路网图层“{layer}”,要素 {feature}:{what}“{value}”不是正数。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="57"/>
        <source>The network layer &apos;{layer}&apos; cannot be transformed: {detail}</source>
        <translation>无法转换路网图层“{layer}”的坐标:{detail}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="62"/>
        <source>No gateways were given.</source>
        <translation>未给出门户。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="63"/>
        <source>Unknown gateway(s) to close: {names}. The gateways are: {available}</source>
        <translation>要关闭的门户不存在：{names}。现有门户：{available}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="64"/>
        <source>Closing every gateway leaves nowhere for the traffic to go.</source>
        <translation>关闭全部门户后货流无处可去。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="65"/>
        <source>The observation table is empty.</source>
        <translation>观测数据表为空。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="66"/>
        <source>The observation table has no field &apos;{field}&apos; (its fields: {fields}).</source>
        <translation>观测数据表没有字段“{field}”（现有字段：{fields}）。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="67"/>
        <source>{n} values of the observation table are not numbers (row: value) {rows}</source>
        <translation>观测数据表中有 {n} 个数值不是数字（行：值）{rows}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="68"/>
        <source>{n} dates of the observation table cannot be read (row: date) {rows}; write dates as YYYY-MM-DD.</source>
        <translation>观测数据表中有 {n} 个日期无法识别（行：日期）{rows}；请按 YYYY-MM-DD 填写日期。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="70"/>
        <source>No row of the observation table has both a known unit id and an observed indicator of the indicator file (unknown units: {units}; unknown indicators: {indicators}).</source>
        <translation>观测数据表中没有任何一行同时具有已知的单元编号和指标文件中的观测指标（未知单元：{units}；未知指标：{indicators}）。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="72"/>
        <source>There is no observation on or before {date} (the first is of {first}).</source>
        <translation>{date} 及以前没有观测值（最早的观测日期为 {first}）。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="73"/>
        <source>&apos;{value}&apos; is not a date: write YYYY-MM-DD.</source>
        <translation>“{value}”不是日期：请按 YYYY-MM-DD 填写。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="74"/>
        <source>The indicator file defines no observed indicator (metric &apos;observed&apos;).</source>
        <translation>指标文件中没有观测指标（metric 为“observed”）。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="75"/>
        <source>Response rule {index}: {detail}</source>
        <translation>响应规则 {index}：{detail}</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="76"/>
        <source>The trend needs at least 2 observations.</source>
        <translation>趋势至少需要 2 个观测值。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="58"/>
        <source>The friction raster does not cover {n} land cells: they are impassable.</source>
        <translation>摩擦栅格未覆盖 {n} 个陆地格网单元:这些单元不可通行。</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/messages.py" line="60"/>
        <source>The study area reaches beyond China: the bundled network, DEM and census apply only where they exist.</source>
        <translation>研究区超出中国范围:内置路网、DEM 和人口普查数据仅用于其覆盖的范围。</translation>
    </message>
</context>
<context>
    <name>monitor_tab</name>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="42"/>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="42"/>
        <source>amber</source>
        <translation>黄</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="42"/>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="46"/>
        <source>worsening</source>
        <translation>恶化</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="46"/>
        <source>improving</source>
        <translation>好转</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="46"/>
        <source>stable</source>
        <translation>平稳</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Value</source>
        <translation>输出值</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/monitor_tab.py" line="51"/>
        <source>Days to red</source>
        <translation>距红色(天)</translation>
    </message>
</context>
<context>
    <name>results_group</name>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="100"/>
        <source>Centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="100"/>
        <source>Within (min)</source>
        <translation>时间阈值(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="100"/>
        <source>Area (km²)</source>
        <translation>面积(平方千米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="101"/>
        <source>Population</source>
        <translation>人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="101"/>
        <source>Share of population</source>
        <translation>人口占比</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="102"/>
        <source>Mean time per person (min)</source>
        <translation>人均出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="102"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="102"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="103"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="103"/>
        <source>Residents reached</source>
        <translation>覆盖人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="104"/>
        <source>Mean time per resident (min)</source>
        <translation>人均出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="104"/>
        <source>Nearest centre</source>
        <translation>最近中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="105"/>
        <source>Gateway</source>
        <translation>门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="105"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="105"/>
        <source>Prefectures</source>
        <translation>地级单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="106"/>
        <source>Time (min)</source>
        <translation>时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="106"/>
        <source>Second-best gateway</source>
        <translation>次优门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="106"/>
        <source>Time at the gateway (min)</source>
        <translation>门户作业时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="107"/>
        <source>Reserve sites</source>
        <translation>战略储备基地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="107"/>
        <source>Computing hubs</source>
        <translation>算力枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="108"/>
        <source>Corridor hubs</source>
        <translation>通道枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="108"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="108"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="109"/>
        <source>Value</source>
        <translation>输出值</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="109"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="109"/>
        <source>Unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="109"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="110"/>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="123"/>
        <source>Within {0} min</source>
        <translation>{0}分钟内</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="125"/>
        <source>Share within {0} min</source>
        <translation>{0}分钟内占比</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/results_group.py" line="152"/>
        <source>Coverage table</source>
        <translation>覆盖统计表</translation>
    </message>
</context>
<context>
    <name>run_tab</name>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="41"/>
        <source>{0} s</source>
        <translation>{0}秒</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="43"/>
        <source>{0} min</source>
        <translation>{0}分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/run_tab.py" line="44"/>
        <source>{0} h</source>
        <translation>{0}小时</translation>
    </message>
</context>
<context>
    <name>scenario_layers</name>
    <message>
        <location filename="../hinterland_plugin/gui/scenario_layers.py" line="99"/>
        <source>The hazard zone could not be written to {0}: {1}</source>
        <translation>无法将灾害区写入 {0}:{1}</translation>
    </message>
</context>
<context>
    <name>styling</name>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="54"/>
        <source>{0} h</source>
        <translation>{0}小时</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="54"/>
        <source>{0} min</source>
        <translation>{0}分钟</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="90"/>
        <source>cut off</source>
        <translation>被切断</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="136"/>
        <source>person-hours</source>
        <translation>人·小时</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="144"/>
        <source>no effect</source>
        <translation>无影响</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="259"/>
        <source>nobody</source>
        <translation>无人</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="300"/>
        <source>no gateway</source>
        <translation>无门户</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="319"/>
        <source>green</source>
        <translation>绿</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="319"/>
        <source>amber</source>
        <translation>黄</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="319"/>
        <source>red</source>
        <translation>红</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="334"/>
        <source>provincial response</source>
        <translation>省级响应</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="334"/>
        <source>watch (amber units)</source>
        <translation>关注（有黄色单元）</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="334"/>
        <source>normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/styling.py" line="335"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>summary</name>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="31"/>
        <source>Centre</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="31"/>
        <source>Within (min)</source>
        <translation>时间阈值(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="31"/>
        <source>Area (km²)</source>
        <translation>面积(平方千米)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="32"/>
        <source>Population reached</source>
        <translation>覆盖人口</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="32"/>
        <source>Share of population</source>
        <translation>人口占比</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="33"/>
        <source>Mean time per person (min)</source>
        <translation>人均出行时间(分钟)</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="33"/>
        <source>Reserve sites</source>
        <translation>战略储备基地</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="34"/>
        <source>Computing hubs</source>
        <translation>算力枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="34"/>
        <source>Corridor hubs</source>
        <translation>通道枢纽</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="39"/>
        <source>All centres</source>
        <translation>全部中心</translation>
    </message>
    <message>
        <location filename="../hinterland_plugin/gui/summary.py" line="41"/>
        <source>Without {0}</source>
        <translation>缺少 {0}</translation>
    </message>
</context>
</TS>
