"""The user's language for the core's errors: translated by error code, never by parsing English text.

``core.errors.MESSAGES`` holds the English templates; ``templates()`` the translated ones with the same
named placeholders (a test checks both have the same codes and placeholders).
"""
from __future__ import annotations

from .core.errors import HinterlandError
from .i18n import translate


def templates() -> dict[str, str]:
    """code -> translated template (built on call, so the installed translator is used)."""
    return {
        "data_missing": translate("messages", "The bundled data file is missing: {path}. Reinstall the plugin."),
        "data_no_layer": translate("messages", "The data file has no layer '{layer}'."),
        "data_unreadable": translate("messages", "The bundled data file cannot be read (damaged?): {path}. Reinstall the plugin."),
        "country_empty": translate("messages", "The country outline in the bundled data is empty. Reinstall the plugin."),
        "no_land": translate("messages", "The study area has no land cells at this resolution and extent."),
        "dem_missing": translate("messages", "The elevation model is missing or unreadable: {path}. Reinstall the plugin."),
        "centre_outside": translate("messages", "Centre '{name}' lies outside the study area (China)."),
        "centre_on_water": translate("messages", "Centre '{name}' lies on water or outside the land area."),
        "no_centres": translate("messages", "No centres were given."),
        "all_disabled": translate("messages", "All centres are disabled."),
        "bad_delay": translate("messages", "Centre '{name}': the delay must be a number of minutes >= 0 and at most a week."),
        "threshold_nan": translate("messages", "Threshold '{value}' is not a number of minutes."),
        "threshold_positive": translate("messages", "Threshold {value} must be a positive number of minutes."),
        "threshold_week": translate("messages", "Threshold {value} min is longer than a week."),
        "threshold_none": translate("messages", "Give at least one threshold in minutes, e.g. 60,120,180,240."),
        "resolution_nan": translate("messages", "The resolution must be a number of metres, not {value}."),
        "resolution_positive": translate("messages", "The resolution must be a positive number of metres, not {value}."),
        "resolution_fine": translate("messages", "A resolution of {value} m is finer than the engine supports (100 m)."),
        "resolution_coarse": translate("messages", "A resolution of {value} m is too coarse (at most 100 km)."),
        "empty_extent": translate("messages", "The extent is empty: {bounds}."),
        "memory": translate("messages", "A {res} m grid has {cells} million cells and needs about {need} GiB of memory, more than "
                     "this machine has available ({available} GiB): choose a coarser resolution or a smaller area."),
        "unknown_profile": translate("messages", "Unknown travel profile '{name}'; available: {available}."),
        "unknown_segments": translate("messages", "Unknown or non-operating segment ids for this profile: {ids}"),
        "no_disruption": translate("messages", "Give segment ids in DISRUPTED or a HAZARD polygon layer that crosses the network."),
        "indicator_file": translate("messages", "The indicator file could not be used: {detail}"),
        "indicator_metric": translate("messages", "Indicator {id}: unknown metric '{metric}'."),
        "indicator_direction": translate("messages", "Indicator {id}: the direction must be low_is_bad or high_is_bad."),
        "indicator_number": translate("messages", "Indicator {id}: '{key}' must be a number."),
        "indicator_layer": translate("messages", "Indicator {id}: unknown layer '{layer}'."),
        "indicator_needs_n1": translate("messages", "Indicator {id} needs the N-1 analysis."),
        "indicator_empty": translate("messages", "The indicator file lists no indicators."),
        "indicator_field": translate("messages", "Indicator {index}: '{key}' is missing."),
        "bad_choice": translate("messages", "{what} must be one of {allowed}, not '{value}'."),
        "study_area_empty": translate("messages", "The study area is empty or not a valid polygon."),
        "input_unreadable": translate("messages", "The file cannot be read: {path}"),
        "friction_values": translate("messages", "The friction raster has values <= 0 (use nodata for impassable cells): {path}"),
        "population_negative": translate("messages", "The population raster has negative values: {path}"),
        "population_count": translate("messages", "Population polygon {index}: the count '{value}' is not a number of people >= 0."),
        "network_field": translate("messages", "The network layer '{layer}' has no field '{field}'."),
        "network_value": translate("messages", "Network layer '{layer}', feature {feature}: the {what} '{value}' is not a positive "
                            "number."),
        "network_geographic": translate("messages", "The network layer '{layer}' cannot be transformed: {detail}"),
        "note_friction_uncovered": translate("messages", "The friction raster does not cover {n} land cells: they are "
                                      "impassable."),
        "note_beyond_china": translate("messages", "The study area reaches beyond China: the bundled network, DEM and "
                                "census apply only where they exist."),
        "gateway_none": translate("messages", "No gateways were given."),
        "gateway_unknown": translate("messages", "Unknown gateway(s) to close: {names}. The gateways are: {available}"),
        "gateway_all_closed": translate("messages", "Closing every gateway leaves nowhere for the traffic to go."),
        "feed_empty": translate("messages", "The observation table is empty."),
        "feed_field": translate("messages", "The observation table has no field '{field}' (its fields: {fields})."),
        "feed_values": translate("messages", "{n} values of the observation table are not numbers (row: value) {rows}"),
        "feed_dates": translate("messages", "{n} dates of the observation table cannot be read (row: date) {rows}; write dates as "
                         "YYYY-MM-DD."),
        "feed_nothing_known": translate("messages", "No row of the observation table has both a known unit id and an observed indicator "
                                 "of the indicator file (unknown units: {units}; unknown indicators: {indicators})."),
        "feed_date_early": translate("messages", "There is no observation on or before {date} (the first is of {first})."),
        "monitor_date": translate("messages", "'{value}' is not a date: write YYYY-MM-DD."),
        "monitor_no_observed": translate("messages", "The indicator file defines no observed indicator (metric 'observed')."),
        "monitor_rule": translate("messages", "Response rule {index}: {detail}"),
        "monitor_trend_n": translate("messages", "The trend needs at least 2 observations."),
    }


def user_message(exc: Exception) -> str:
    """The translated message of a core error (its English text when the code has no translation)."""
    if isinstance(exc, HinterlandError) and exc.code != "text":
        template = templates().get(exc.code)
        if template:
            try:
                return template.format(**exc.params)
            except (KeyError, IndexError, ValueError):
                pass  # a translation with broken placeholders: fall back to English
    return str(exc)
