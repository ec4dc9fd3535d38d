"""hinterland:report: PDF, PNG and HTML in Chinese and English, the user's project untouched."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from hinterland_plugin.core.resources import resources_dir
from tests.qgis.conftest import point_layer


@pytest.fixture()
def provider(real_provider):
    return real_provider


def _centres():
    return point_layer((("成都 Chengdu", 104.07, 30.67), ("武汉 Wuhan", 114.30, 30.59)))


def test_template_is_shipped():
    qpt = resources_dir() / "layouts" / "report_a4.qpt"
    text = qpt.read_text(encoding="utf-8")
    for ident in ("main_map", "inset_map", "legend", "scalebar", "north_arrow", "summary", "indicators", "sources",
                  "title"):
        assert f'id="{ident}"' in text, ident


@pytest.mark.parametrize("lang, words", [("zh", ("国家战略腹地可达性", "方法", "普查常住人口")),
                                         ("en", ("Accessibility of the strategic hinterland", "Method", "2020 census"))])
def test_report_outputs(provider, tmp_path, lang, words, project):
    import processing

    user = QgsVectorLayer("Point?crs=EPSG:4326", "mine", "memory")
    project.addMapLayer(user)
    n_before = len(project.mapLayers())
    out = processing.run("hinterland:report", {
        "CENTRES": _centres(), "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 20000,
        "THRESHOLDS": "120,240", "LANGUAGE": lang, "OUTPUT_PDF": str(tmp_path / "r.pdf"),
        "OUTPUT_PNG": str(tmp_path / "r.png"), "OUTPUT_HTML": str(tmp_path / "r.html")})
    pdf, png, page = (tmp_path / "r.pdf"), (tmp_path / "r.png"), (tmp_path / "r.html")
    assert out["OUTPUT_PDF"] == str(pdf) and pdf.stat().st_size > 50_000
    assert png.stat().st_size > 100_000
    text = page.read_text(encoding="utf-8")
    for w in words:
        assert w in text
    assert "r.png" in text and "<table" in text
    assert ("服务最差的地级市" if lang == "zh" else "Least-served prefectures") in text
    assert "GeoNames population" not in text and "not a census" not in text
    # the coverage table as a person reads it, and the coverage curve
    assert ("全部中心" if lang == "zh" else "All centres") in text and "ALL<" not in text and "without:" not in text
    assert ("可达常住人口随出行时间的变化" if lang == "zh" else "Residents reached within t minutes") in text
    assert text.count("data:image/png;base64,") == 1  # the curve (the map is the PNG beside it)
    if lang == "zh":
        assert "Chengdu" not in text.split("<h2>")[0]  # title and subtitle in Chinese only
    assert len(project.mapLayers()) == n_before and QgsProject.instance().mapLayer(user.id()) is user
    if lang == "zh" and shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "CJK" in fonts  # Chinese labels are drawn with an embedded CJK font


def test_report_needs_an_output(provider):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="at least one output"):
        processing.run("hinterland:report", {"CENTRES": _centres(), "RESOLUTION": 20000, "LANGUAGE": "en"})


def test_a3_page(provider, tmp_path):
    import processing
    from qgis.core import QgsLayoutExporter  # noqa: F401 - exporter used inside the algorithm

    processing.run("hinterland:report", {"CENTRES": _centres(), "RESOLUTION": 40000, "LANGUAGE": "en",
                                         "PAGE": "A3", "OUTPUT_PNG": str(tmp_path / "a3.png")})
    from qgis.PyQt.QtGui import QImage

    img = QImage(str(tmp_path / "a3.png"))
    # A3 landscape at 300 dpi: 420 x 297 mm -> 4961 x 3508 px
    assert abs(img.width() - 4961) <= 2 and abs(img.height() - 3508) <= 2


def test_report_with_early_warning(provider, tmp_path):
    """Indicators for the baseline and one named scenario: coloured table in the HTML and on the map page."""
    import processing

    crit = processing.run("hinterland:criticality", {"CENTRES": _centres(), "NAME_FIELD": "name",
                                                     "RESOLUTION": 40000, "THRESHOLD": 180, "OUTPUT": "memory:"})
    top = min(crit["OUTPUT"].getFeatures(), key=lambda f: f["rank"])["segment_id"]
    processing.run("hinterland:report", {
        "CENTRES": _centres(), "NAME_FIELD": "name", "RESOLUTION": 40000, "THRESHOLDS": "180",
        "LANGUAGE": "en", "EARLY_WARNING": True, "DISRUPTED": top, "SCENARIO_NAMES": "Top segment cut",
        "OUTPUT_PNG": str(tmp_path / "w.png"), "OUTPUT_HTML": str(tmp_path / "w.html")})
    text = (tmp_path / "w.html").read_text(encoding="utf-8")
    assert text.count("Early warning") == 1  # the section heading, no second caption
    assert "Top segment cut" in text and "Population share within 3 h" in text
    assert text.count("background:#") >= 8  # 4 indicators x (baseline + scenario), each coloured
    assert "%" in text and " min (" in text  # values in their units


def test_report_curve_from_the_time_rasters(provider, tmp_path):
    """The curve the report draws: people within t minutes, rising with t, all centres at least each centre."""
    from hinterland_plugin.processing_provider.algorithms import report as alg

    seen = {}
    original = alg.fill_layout

    def spy(layout, project, lang, rows, params, indicators=None, curves=None):
        seen["curves"], seen["rows"] = curves, rows
        return original(layout, project, lang, rows, params, indicators, curves)

    import processing

    alg.fill_layout = spy
    try:
        processing.run("hinterland:report", {"CENTRES": _centres(), "NAME_FIELD": "name", "PROFILE": "road",
                                             "RESOLUTION": 40000, "THRESHOLDS": "120,240", "LANGUAGE": "en",
                                             "OUTPUT_PDF": str(tmp_path / "c.pdf")})
    finally:
        alg.fill_layout = original
    curves = seen["curves"]
    assert set(curves["curves"]) == {"成都 Chengdu", "武汉 Wuhan", "ALL"} and curves["minutes"][-1] >= 360
    for values in curves["curves"].values():
        assert all(b >= a for a, b in zip(values, values[1:]))
    assert all(a >= max(c, w) for a, c, w in zip(curves["curves"]["ALL"], curves["curves"]["成都 Chengdu"],
                                                 curves["curves"]["武汉 Wuhan"]))
    # at each threshold the curve gives the coverage table's people (same census cells, same times)
    by = {r["threshold_min"]: r["population"] for r in seen["rows"] if r["centre"] == "ALL"}
    for th, pop in by.items():
        assert abs(curves["curves"]["ALL"][curves["minutes"].index(th)] - pop) <= 1e-6 * pop + 1


def test_indicator_value_units():
    from hinterland_plugin.report import indicator_value

    assert indicator_value({"metric": "population_share_within", "value": 0.8123}) == "81.2%"
    assert indicator_value({"metric": "max_time_to", "value": 361.4}) == "361 min"
    assert indicator_value({"metric": "segment_loss_points", "value": 2.04}) == "2.0 pt"


def test_html_alone_writes_no_other_file(provider, tmp_path):
    """Only the HTML asked for: the map is embedded, no PNG is written beside it (a user file of that name
    stays as it was)."""
    import processing

    mine = tmp_path / "r.png"
    mine.write_bytes(b"my own picture")
    processing.run("hinterland:report", {"CENTRES": _centres(), "NAME_FIELD": "name", "PROFILE": "road",
                                         "RESOLUTION": 40000, "THRESHOLDS": "240", "LANGUAGE": "en",
                                         "OUTPUT_HTML": str(tmp_path / "r.html")})
    assert mine.read_bytes() == b"my own picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.png"]
    assert "data:image/png;base64," in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_least_served_prefectures_are_the_slowest():
    from hinterland_plugin.report import least_served

    rows = [{"level": "prefecture", "code": str(i), "name": f"p{i}", "population": 10, "mean_time_min": float(i)}
            for i in range(30)] + [{"level": "prefecture", "code": "x", "name": "unreached", "population": 5,
                                    "mean_time_min": None}, {"level": "province", "code": "p", "population": 1,
                                                             "mean_time_min": 9999.0}]
    top = least_served(rows)
    assert len(top) == 15 and top[0]["name"] == "unreached" and top[1]["name"] == "p29"


def test_report_can_map_prefectures_instead_of_the_raster(provider, tmp_path):
    import processing

    out = processing.run("hinterland:report", {
        "CENTRES": _centres(), "NAME_FIELD": "name", "PROFILE": "road", "RESOLUTION": 40000, "THRESHOLDS": "240",
        "LANGUAGE": "zh", "PREFECTURE_MAP": True, "OUTPUT_PNG": str(tmp_path / "r.png")})
    assert (tmp_path / "r.png").stat().st_size > 50_000 and out["OUTPUT_PNG"] == str(tmp_path / "r.png")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_second_page_gateways_monitoring_backup(provider, tmp_path, lang):
    """GATEWAYS, MONITOR (the synthetic sample) and BACKUP_REACH add a second page: in the PDF and as its own PNG."""
    import processing
    from qgis.PyQt.QtGui import QImage

    out = processing.run("hinterland:report", {
        "CENTRES": _centres(), "NAME_FIELD": "name", "RESOLUTION": 40000, "LANGUAGE": lang, "GATEWAYS": True,
        "MONITOR": True, "BACKUP_REACH": True, "OUTPUT_PDF": str(tmp_path / "p.pdf"), "OUTPUT_PNG": str(tmp_path / "p.png"),
        "OUTPUT_PNG_PAGE2": str(tmp_path / "p2.png"), "OUTPUT_HTML": str(tmp_path / "p.html")})
    assert out["OUTPUT_PNG_PAGE2"] == str(tmp_path / "p2.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.html", "p.pdf", "p.png", "p2.png"]  # no undeclared file
    page = (tmp_path / "p.html").read_text(encoding="utf-8")
    for word in (("门户腹地", "预警(按严重程度)", "触发省级响应的省份", "关键产业备份可达", "合成示例数据", "天津港")
                 if lang == "zh" else ("Gateways by residents served", "Alerts by severity", "Provinces that trigger",
                                       "Key-industry backup reach", "SYNTHETIC", "Port of Tianjin")):
        assert word in page, word
    assert page.index("Data sources" if lang == "en" else "数据来源") > page.index("SYNTHETIC" if lang == "en" else "合成")
    img = QImage(str(tmp_path / "p2.png"))
    assert abs(img.width() - 3508) <= 2 and abs(img.height() - 2480) <= 2  # A4 landscape, 300 dpi
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(tmp_path / "p.pdf")], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+2\b", info), info
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(tmp_path / "p.pdf"), "-"], capture_output=True,
                              text=True).stdout
        text = unicodedata.normalize("NFKC", text)  # pdftotext gives some CJK as radicals (⼾ for 户)
        for word in (("腹地", "预警", "关键产业备份", "合成") if lang == "zh" else
                     ("Gateway hinterlands", "Alerts by severity", "Key-industry backup reach", "SYNTHETIC")):
            assert word in text, word
        assert ("天津港" in text) == (lang == "zh") and ("Port of Tianjin" in text) == (lang == "en")  # names follow
