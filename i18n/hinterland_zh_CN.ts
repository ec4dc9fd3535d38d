<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>Hinterland</name>
    <message>
      <source>Could not open layer '{0}' from {1}.</source>
      <translation>无法从 {1} 打开图层“{0}”。</translation>
    </message>
    <message>
      <source>The bundled data file is missing: {0}. Reinstall the plugin, or run 'make data' in a source checkout.</source>
      <translation>缺少插件自带的数据文件:{0}。请重新安装插件,或在源码目录中运行“make data”。</translation>
    </message>
    <message>
      <source>The style {0} could not be loaded.</source>
      <translation>无法加载样式 {0}。</translation>
    </message>
    <message>
      <source>Add strategic layers</source>
      <translation>添加战略图层</translation>
    </message>
    <message>
      <source>Add the sourced strategic-hinterland layers (corridors, reserve sites, computing hubs, candidate centres, reference lines) to the project</source>
      <translation>向工程添加有出处的国家战略腹地图层(通道、储备基地、算力枢纽、候选中心、参考线)</translation>
    </message>
    <message>
      <source>Hinterland</source>
      <translation>战略腹地</translation>
    </message>
    <message>
      <source>The strategic layers are already in the project.</source>
      <translation>战略图层已在工程中。</translation>
    </message>
    <message>
      <source>Added {0} strategic layers.</source>
      <translation>已添加 {0} 个战略图层。</translation>
    </message>
    <message>
      <source>The empty project now uses the China Albers equal-area CRS.</source>
      <translation>空工程已设置为中国 Albers 等积投影坐标系。</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>Strategic hinterland reference layer</source>
      <translation>战略腹地参考图层</translation>
    </message>
    <message>
      <source>Copies one theme of the bundled, sourced reference data (corridors, corridor segments, hubs, strategic reserve sites, computing hubs, candidate centres, cities, boundaries, reference lines) into a new layer, optionally limited to an extent. Every feature keeps its 'source' and 'confidence'. THEME takes the index or the key, e.g. 'corridors'.</source>
      <translation>将插件自带的、有出处的参考数据中的一个专题(通道、通道区段、枢纽、战略储备基地、算力枢纽、候选中心、城市、边界、参考线)复制为新图层,可按范围裁选。每个要素都保留“source”(来源)与“confidence”(可信度)字段。THEME 参数可取序号或键名,如“corridors”。</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>专题</translation>
    </message>
    <message>
      <source>Extent</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>Output layer</source>
      <translation>输出图层</translation>
    </message>
    <message>
      <source>The extent is empty.</source>
      <translation>范围为空。</translation>
    </message>
    <message>
      <source>{0} features copied from '{1}'.</source>
      <translation>已从“{1}”复制 {0} 个要素。</translation>
    </message>
    <message>
      <source>Unknown theme '{0}'.</source>
      <translation>未知专题“{0}”。</translation>
    </message>
    <message>
      <source>The bundled data file is missing: {0}.</source>
      <translation>缺少插件自带的数据文件:{0}。</translation>
    </message>
    <message>
      <source>Hinterland — national strategic hinterland analysis</source>
      <translation>战略腹地 —— 国家战略腹地分析</translation>
    </message>
  </context>
</TS>
