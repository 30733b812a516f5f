"""
Finishing touches to the OpenAPI document drf-spectacular generates, so
that it says what the API really does (schemathesis checks every endpoint
against it): the error answers, and the ranges of numeric parameters.
"""

ERROR = {
    "type": "object",
    "description": "What was wrong: a `detail` message, or messages by parameter.",
    "additionalProperties": True,
}
YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
RANGES = {
    "year": YEAR,
    "year_from": YEAR,
    "year_to": YEAR,
    "detained_in": YEAR,
    "sentence_min": {"type": "integer", "minimum": 0, "maximum": 1200},
    "sentence_max": {"type": "integer", "minimum": 0, "maximum": 1200},
    "page": {"type": "integer", "minimum": 1},
    "page_size": {"type": "integer", "minimum": 1, "maximum": 500},
}


def add_errors_and_ranges(result, generator, request, public):
    """drf-spectacular postprocessing hook."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR
    error = {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        }
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("404", {**error, "description": "Not found"})
            if not operation.get("operationId", "").endswith("_retrieve"):
                responses.setdefault(
                    "400", {**error, "description": "A query parameter is invalid"}
                )
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                if parameter["name"] in RANGES:
                    parameter["schema"] = RANGES[parameter["name"]]
                # As on the HTML pages, an empty filter means "any".
                parameter["allowEmptyValue"] = True
    return result
