//! Direct checks of the rules the snapshots show, so a failure names the
//! rule that broke.

use generator::normalise_bytes;
use serde_json::{json, Value};
use std::path::Path;

/// The normalised fixture as JSON, asserting it has no errors.
fn normalised(fixture: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(fixture);
    let n = normalise_bytes(fixture, &std::fs::read(path).unwrap());
    assert!(!n.has_errors(), "{}", n.render_diagnostics());
    serde_json::to_value(n.openapi.unwrap()).unwrap()
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let urls = |f| normalised(f)["servers"].clone();
    assert_eq!(
        urls("servers_schemes.yml"),
        json!([{"url": "https://acme.symphony.com/pod"}, {"url": "http://acme.symphony.com/pod"}])
    );
    assert_eq!(urls("servers_base_path_only.yml"), json!([{"url": "/pod"}]));
    let doc = normalised("servers_no_schemes.yml");
    assert_eq!(doc["servers"], json!([{"url": "//acme.symphony.com/pod"}]));
    assert_eq!(
        doc["paths"]["/v1/ping"]["get"]["servers"],
        json!([{"url": "wss://acme.symphony.com/pod"}])
    );
}

#[test]
fn the_operation_media_types_win_over_the_global_ones() {
    let doc = normalised("consumes_produces.yml");
    let ops = &doc["paths"]["/v1/things"];
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&ops["post"]["requestBody"]["content"]),
        ["application/json"]
    );
    assert_eq!(
        keys(&ops["post"]["responses"]["200"]["content"]),
        ["application/json", "application/xml"]
    );
    assert_eq!(keys(&ops["put"]["requestBody"]["content"]), ["text/plain"]);
    assert_eq!(
        keys(&ops["put"]["responses"]["200"]["content"]),
        ["text/plain"]
    );
}

#[test]
fn a_body_parameter_becomes_a_named_request_body() {
    let body = &normalised("body_parameter.yml")["paths"]["/v1/user/create"]["post"]["requestBody"];
    assert_eq!(body["x-body-name"], "payload");
    assert_eq!(body["required"], true);
    assert_eq!(
        body["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/UserCreate"
    );
}

#[test]
fn form_data_becomes_one_object_schema() {
    let media = &normalised("form_data_urlencoded.yml")["paths"]["/v1/login"]["post"]
        ["requestBody"]["content"]["application/x-www-form-urlencoded"];
    assert_eq!(media["schema"]["required"], json!(["user"]));
    assert_eq!(media["schema"]["properties"]["user"]["description"], "Who.");
    assert_eq!(media["encoding"]["scopes"]["explode"], true);
    let file = &normalised("form_data_file.yml")["paths"]["/v1/admin/user/{uid}/avatar/update"]
        ["post"]["requestBody"];
    assert_eq!(
        file["content"]["multipart/form-data"]["schema"]["properties"]["image"],
        json!({"type": "string", "format": "binary"})
    );
}

#[test]
fn parameter_type_keys_move_under_schema() {
    let params =
        normalised("parameter_schema.yml")["paths"]["/v1/search"]["get"]["parameters"].clone();
    assert_eq!(
        params[1]["schema"],
        json!({"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "default": 50, "multipleOf": 1})
    );
    assert_eq!(params[2]["schema"]["enum"], json!(["PENDING", "ACCEPTED"]));
    assert_eq!(params[3]["schema"]["pattern"], "^[a-z]+$");
    assert_eq!(params[3]["allowEmptyValue"], true);
    assert_eq!(params[3]["x-since"], 20.15);
    assert_eq!(
        params[4]["schema"]["items"],
        json!({"type": "integer", "format": "int64", "minimum": 0})
    );
    assert_eq!(params[4]["schema"]["uniqueItems"], true);
}

#[test]
fn collection_formats_become_style_and_explode() {
    let params =
        normalised("collection_format.yml")["paths"]["/v1/{ids}/list"]["get"]["parameters"].clone();
    let styles: Vec<(String, bool)> = params
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["style"].as_str().unwrap().to_owned(),
                p["explode"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("simple", false),
        ("form", false),
        ("spaceDelimited", false),
        ("pipeDelimited", false),
        ("form", true),
        ("form", false),
        ("simple", false),
    ];
    assert_eq!(styles, expected.map(|(s, e)| (s.to_owned(), e)));
}

#[test]
fn path_level_parameters_merge_and_the_operation_wins_in_place() {
    let doc = normalised("path_level_parameters.yml");
    let get = &doc["paths"]["/v1/user/{uid}"]["get"]["parameters"];
    assert_eq!(get[0]["name"], "uid");
    assert_eq!(get[0]["description"], "operation level");
    assert_eq!(get[0]["schema"]["format"], "int64");
    assert_eq!(get[1]["name"], "verbose");
    assert_eq!(
        doc["paths"]["/v1/user/{uid}"]["delete"]["parameters"][0]["description"],
        "path level"
    );
}

#[test]
fn references_follow_their_targets_into_components() {
    let doc = normalised("components.yml");
    let op = &doc["paths"]["/v1/streams/{sid}"]["post"];
    assert_eq!(op["parameters"][0]["$ref"], "#/components/parameters/Sid");
    assert_eq!(op["requestBody"]["$ref"], "#/components/requestBodies/Body");
    assert_eq!(
        op["responses"]["400"]["$ref"],
        "#/components/responses/BadRequest"
    );
    assert_eq!(
        doc["components"]["schemas"]["Stream"]["properties"]["members"]["items"]["$ref"],
        "#/components/schemas/Member"
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["basic"],
        json!({"type": "http", "scheme": "basic", "description": "Basic auth"})
    );
    // A formData parameter component is inlined where it is used.
    let form = &doc["paths"]["/v1/form"]["post"]["requestBody"]["content"]
        ["application/x-www-form-urlencoded"];
    assert_eq!(form["schema"]["properties"]["note"]["type"], "string");
}

#[test]
fn responses_get_content_examples_and_header_schemas() {
    let responses = normalised("responses.yml")["paths"]["/v1/info"]["get"]["responses"].clone();
    assert_eq!(
        responses["200"]["content"]["application/json"]["example"],
        json!({"version": "20.17.1"})
    );
    assert_eq!(
        responses["200"]["content"]["text/plain"]["example"],
        "20.17.1"
    );
    assert_eq!(
        responses["200"]["headers"]["X-Rate-Limit"]["schema"],
        json!({"type": "integer", "format": "int32"})
    );
    assert_eq!(responses["204"], json!({"description": "nothing"}));
    assert_eq!(responses["default"]["description"], "error");
    let codes =
        normalised("integer_response_codes.yml")["paths"]["/v1/ping"]["get"]["responses"].clone();
    assert!(codes["200"].is_object() && codes["4XX"].is_object() && codes["default"].is_object());
}

#[test]
fn schema_keywords_are_translated() {
    let schemas = normalised("schema_keywords.yml")["components"]["schemas"].clone();
    let pet = &schemas["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "petType"}));
    assert_eq!(pet["properties"]["id"]["readOnly"], true);
    assert_eq!(pet["properties"]["nickname"]["nullable"], true);
    assert_eq!(
        pet["properties"]["owner"],
        json!({"nullable": true, "description": "Who owns it.", "allOf": [{"$ref": "#/components/schemas/Owner"}]})
    );
    assert_eq!(
        pet["properties"]["photo"],
        json!({"type": "string", "format": "binary"})
    );
}

#[test]
fn openapi_3_input_comes_out_unchanged() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/openapi3.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let source = generator::diagnostics::Source::new("openapi3.yml", text, String::new());
    let input = generator::load::yaml::parse(&source, &mut Default::default())
        .ok()
        .unwrap();
    let direct: openapiv3::OpenAPI = serde_json::from_value(input.0).unwrap();
    let n = normalise_bytes("openapi3.yml", source.text.as_bytes());
    assert_eq!(n.dialect, Some(generator::Dialect::OpenApi30));
    assert_eq!(n.openapi.unwrap(), direct);
    assert!(n.diagnostics.is_empty());
}

#[test]
fn json_input_is_read_like_yaml() {
    let doc = normalised("json_input.json");
    assert_eq!(doc["servers"], json!([{"url": "/pod"}]));
    assert_eq!(
        doc["paths"]["/v1/ping"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["type"],
        "string"
    );
}
