"""User-facing errors of the core: a code and its arguments (no qgis import).

``str(exc)`` is the English message; adapters translate by ``exc.code`` (never by parsing the text):
the Processing provider maps each code to a translated template with the same named placeholders.
An error raised with free text (no known code) has code ``"text"`` and passes through unchanged.
"""
from __future__ import annotations

#: code -> English template ({name} placeholders are the error's params)
MESSAGES = {
    "data_missing": "the data file is missing: {path}",
    "data_no_layer": "the data file has no layer '{layer}'",
    "data_unreadable": "the data file cannot be read (damaged?): {path}",
    "country_empty": "the country outline is empty",
    "no_land": "the study area has no land cells at this resolution and extent",
    "dem_missing": "the elevation model is missing or unreadable: {path}",
    "centre_outside": "centre '{name}' lies outside the study area",
    "centre_on_water": "centre '{name}' lies on water or outside the land area",
    "no_centres": "no centres given",
    "all_disabled": "all centres are disabled",
    "bad_delay": "centre '{name}': the readiness delay must be a number of minutes >= 0 and at most a week",
    "threshold_nan": "threshold '{value}' is not a number of minutes",
    "threshold_positive": "threshold {value} must be a positive number of minutes",
    "threshold_week": "threshold {value} min is longer than a week",
    "threshold_none": "give at least one threshold in minutes, e.g. 60,120,180,240",
    "resolution_nan": "the resolution must be a number of metres, not {value}",
    "resolution_positive": "the resolution must be a positive number of metres, not {value}",
    "resolution_fine": "a resolution of {value} m is finer than the engine supports (100 m)",
    "resolution_coarse": "a resolution of {value} m is too coarse (at most 100 km)",
    "empty_extent": "the extent is empty: {bounds}",
    "memory": "a {res} m grid has {cells} million cells and needs about {need} GiB of memory, more than this "
              "machine has available ({available} GiB): choose a coarser resolution or a smaller area",
    "unknown_profile": "unknown profile '{name}'; available: {available}",
    "unknown_segments": "unknown or non-operating segment ids for this profile: {ids}",
    "no_disruption": "give segment ids in DISRUPTED or a HAZARD polygon layer that crosses the network",
    "indicator_file": "not an indicator file: {detail}",
    "indicator_metric": "indicator {id}: unknown metric '{metric}'",
    "indicator_direction": "indicator {id}: direction must be low_is_bad or high_is_bad",
    "indicator_number": "indicator {id}: '{key}' must be a number",
    "indicator_layer": "indicator {id}: unknown layer '{layer}'",
    "indicator_needs_n1": "indicator {id}: needs the N-1 analysis",
    "indicator_empty": "the indicator file lists no indicators",
    "indicator_field": "indicator {index}: '{key}' is missing",
    "bad_choice": "{what} must be one of {allowed}, not '{value}'",
    "study_area_empty": "the study area is empty or not a valid polygon",
    "input_unreadable": "the file cannot be read: {path}",
    "friction_values": "the friction raster has values <= 0 (use nodata for impassable cells): {path}",
    "population_negative": "the population raster has negative values: {path}",
    "population_count": "population polygon {index}: the count '{value}' is not a number of people >= 0",
    "network_field": "the network layer '{layer}' has no field '{field}'",
    "network_value": "the network layer '{layer}', feature {feature}: the {what} '{value}' is not a positive number",
    "network_geographic": "the network layer '{layer}' cannot be transformed: {detail}",
    "note_friction_uncovered": "the friction raster does not cover {n} land cells: they are impassable",
    "note_beyond_china": "the study area reaches beyond China: the bundled network, DEM and census apply only where "
                         "they exist",
    "gateway_none": "no gateways given",
    "gateway_unknown": "unknown gateway(s) to close: {names}; the gateways are: {available}",
    "gateway_all_closed": "closing every gateway leaves nowhere for the traffic to go",
    "feed_empty": "the observation table is empty",
    "feed_field": "the observation table has no field '{field}' (its fields: {fields})",
    "feed_values": "{n} values of the observation table are not numbers (row: value) {rows}",
    "feed_dates": "{n} dates of the observation table cannot be read (row: date) {rows}; write dates as YYYY-MM-DD",
    "feed_nothing_known": "no row of the observation table has both a known unit id and an observed indicator of the "
                          "indicator file (unknown units: {units}; unknown indicators: {indicators})",
    "feed_date_early": "there is no observation on or before {date} (the first is of {first})",
    "monitor_date": "'{value}' is not a date: write YYYY-MM-DD",
    "monitor_no_observed": "the indicator file defines no observed indicator (metric 'observed')",
    "monitor_rule": "response rule {index}: {detail}",
    "monitor_trend_n": "the trend needs at least 2 observations",
}


class HinterlandError(ValueError):
    """Bad input; the message is meant for the user. ``code`` is a key of MESSAGES, ``params`` fill it."""

    def __init__(self, code: str, **params):
        if code in MESSAGES:
            self.code, self.params = code, params
            text = MESSAGES[code].format(**params)
        else:  # free text, e.g. a message from a file parser
            self.code, self.params = "text", {"text": code}
            text = code
        super().__init__(text)


class Note(HinterlandError):  # noqa: N818 - a note for the user, not an error
    """Not an error: something the user should know about a prepared grid (``Prepared.notes``), translated by
    code like the errors (``messages.user_message``)."""

    def __reduce__(self):  # kept in the disk cache with its code, not as English text
        return _note, (self.code, self.params)


def _note(code: str, params: dict) -> Note:
    return Note(code, **params)


class EngineError(HinterlandError):
    """Bad input to the engine (data, centres, study area)."""


class ParameterError(HinterlandError):
    """A user parameter that cannot be used (thresholds, resolution)."""


class IndicatorError(HinterlandError):
    """An early-warning indicator definition that cannot be used."""


class Cancelled(Exception):  # noqa: N818 - the public name since the first release
    """The user cancelled a long computation."""
