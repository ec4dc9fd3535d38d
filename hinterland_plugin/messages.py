"""The user's language for the core's errors: translated by error code, never by parsing English text.

``core.errors.MESSAGES`` holds the English templates; ``templates()`` the translated ones with the same
named placeholders (a test checks both have the same codes and placeholders).
"""
from __future__ import annotations

from .core.errors import HinterlandError
from .i18n import tr


def templates() -> dict[str, str]:
    """code -> translated template (built on call, so the installed translator is used)."""
    return {
        "data_missing": tr("The bundled data file is missing: {path}. Reinstall the plugin."),
        "data_no_layer": tr("The data file has no layer '{layer}'."),
        "data_unreadable": tr("The bundled data file cannot be read (damaged?): {path}. Reinstall the plugin."),
        "country_empty": tr("The country outline in the bundled data is empty. Reinstall the plugin."),
        "no_land": tr("The study area has no land cells at this resolution and extent."),
        "dem_missing": tr("The elevation model is missing or unreadable: {path}. Reinstall the plugin."),
        "centre_outside": tr("Centre '{name}' lies outside the study area (China)."),
        "centre_on_water": tr("Centre '{name}' lies on water or outside the land area."),
        "no_centres": tr("No centres were given."),
        "all_disabled": tr("All centres are disabled."),
        "bad_delay": tr("Centre '{name}': the delay must be a number of minutes >= 0 and at most a week."),
        "threshold_nan": tr("Threshold '{value}' is not a number of minutes."),
        "threshold_positive": tr("Threshold {value} must be a positive number of minutes."),
        "threshold_week": tr("Threshold {value} min is longer than a week."),
        "threshold_none": tr("Give at least one threshold in minutes, e.g. 60,120,180,240."),
        "resolution_nan": tr("The resolution must be a number of metres, not {value}."),
        "resolution_positive": tr("The resolution must be a positive number of metres, not {value}."),
        "resolution_fine": tr("A resolution of {value} m is finer than the engine supports (100 m)."),
        "resolution_coarse": tr("A resolution of {value} m is too coarse (at most 100 km)."),
        "empty_extent": tr("The extent is empty: {bounds}."),
        "memory": tr("A {res} m grid has {cells} million cells and needs about {need} GiB of memory, more than "
                     "this machine has available ({available} GiB): choose a coarser resolution or a smaller area."),
        "unknown_profile": tr("Unknown travel profile '{name}'; available: {available}."),
        "unknown_segments": tr("Unknown or non-operating segment ids for this profile: {ids}"),
        "no_disruption": tr("Give segment ids in DISRUPTED or a HAZARD polygon layer that crosses the network."),
        "indicator_file": tr("The indicator file could not be used: {detail}"),
        "indicator_metric": tr("Indicator {id}: unknown metric '{metric}'."),
        "indicator_direction": tr("Indicator {id}: the direction must be low_is_bad or high_is_bad."),
        "indicator_number": tr("Indicator {id}: '{key}' must be a number."),
        "indicator_layer": tr("Indicator {id}: unknown layer '{layer}'."),
        "indicator_needs_n1": tr("Indicator {id} needs the N-1 analysis."),
        "indicator_empty": tr("The indicator file lists no indicators."),
        "indicator_field": tr("Indicator {index}: '{key}' is missing."),
        "bad_choice": tr("{what} must be one of {allowed}, not '{value}'."),
        "study_area_empty": tr("The study area is empty or not a valid polygon."),
        "input_unreadable": tr("The file cannot be read: {path}"),
        "friction_values": tr("The friction raster has values <= 0 (use nodata for impassable cells): {path}"),
        "population_negative": tr("The population raster has negative values: {path}"),
        "population_count": tr("Population polygon {index}: the count '{value}' is not a number of people >= 0."),
        "network_field": tr("The network layer '{layer}' has no field '{field}'."),
        "network_value": tr("Network layer '{layer}', feature {feature}: the {what} '{value}' is not a positive "
                            "number."),
        "network_geographic": tr("The network layer '{layer}' cannot be transformed: {detail}"),
        "gateway_none": tr("No gateways were given."),
        "gateway_unknown": tr("Unknown gateway(s) to close: {names}. The gateways are: {available}"),
        "gateway_all_closed": tr("Closing every gateway leaves nowhere for the traffic to go."),
        "feed_empty": tr("The observation table is empty."),
        "feed_field": tr("The observation table has no field '{field}' (its fields: {fields})."),
        "feed_values": tr("{n} values of the observation table are not numbers (row: value) {rows}"),
        "feed_dates": tr("{n} dates of the observation table cannot be read (row: date) {rows}; write dates as "
                         "YYYY-MM-DD."),
        "feed_nothing_known": tr("No row of the observation table has both a known unit id and an observed indicator "
                                 "of the indicator file (unknown units: {units}; unknown indicators: {indicators})."),
        "feed_date_early": tr("There is no observation on or before {date} (the first is of {first})."),
        "monitor_date": tr("'{value}' is not a date: write YYYY-MM-DD."),
        "monitor_no_observed": tr("The indicator file defines no observed indicator (metric 'observed')."),
        "monitor_rule": tr("Response rule {index}: {detail}"),
        "monitor_trend_n": tr("The trend needs at least 2 observations."),
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
