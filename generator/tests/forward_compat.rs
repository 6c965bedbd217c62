//! A server newer than the client must not break it: unknown enum values
//! and unknown fields decode, and encode back unchanged.
//! (Through the pod crate: the types are generated, the reader is the runtime.)

use generated_client::types::{
    CompanyCertType, CompanyCertTypeType, V2UserAttributes, V2UserAttributesAccountType,
};
use serde_json::json;

#[test]
fn an_unknown_enum_value_decodes_and_round_trips() {
    let wire = json!({ "type": "QUANTUMSIGNING" });
    let value: CompanyCertType = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        value.r#type,
        Some(CompanyCertTypeType::Unknown("QUANTUMSIGNING".into()))
    );
    assert_eq!(serde_json::to_value(&value).unwrap(), wire);
}

#[test]
fn known_enum_values_parse_display_and_serialise_as_on_the_wire() {
    let parsed: CompanyCertTypeType = "USERSIGNING".parse().unwrap();
    assert_eq!(parsed, CompanyCertTypeType::Usersigning);
    assert_eq!(parsed.to_string(), "USERSIGNING");
    assert_eq!(parsed.as_str(), "USERSIGNING");
    assert_eq!(serde_json::to_value(&parsed).unwrap(), json!("USERSIGNING"));
}

#[test]
fn an_unknown_field_decodes_and_round_trips() {
    let wire = json!({ "accountType": "NORMAL", "hologram": { "depth": 3 } });
    let value: V2UserAttributes = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(
        value.account_type,
        Some(V2UserAttributesAccountType::Normal)
    );
    assert_eq!(value.extra_fields["hologram"], json!({ "depth": 3 }));
    assert_eq!(serde_json::to_value(&value).unwrap(), wire);
}

#[test]
fn values_are_built_with_new_and_setters_and_unset_fields_are_omitted() {
    let value = V2UserAttributes::new().with_account_type(V2UserAttributesAccountType::System);
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        json!({ "accountType": "SYSTEM" })
    );
    assert_eq!(V2UserAttributes::default(), V2UserAttributes::new());
}
