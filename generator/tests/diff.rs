//! The changelog between two specs: every kind of change, classified.

use generator::review::diff::{diff, Changelog, Scope};
use generator::settings::Settings;
use std::path::Path;

fn model(path: &Path) -> templates::model::Api {
    let lowered = generator::lower_file(path, &Settings::default());
    lowered
        .model
        .unwrap_or_else(|| panic!("{}", lowered.normalised.render_diagnostics()))
}

fn fixture_changelog() -> Changelog {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    diff(&model(&dir.join("old.yml")), &model(&dir.join("new.yml")))
}

fn breaking(log: &Changelog, item: &str, needle: &str) -> bool {
    let change = log
        .changes
        .iter()
        .find(|c| c.item == item && c.change.contains(needle));
    change
        .unwrap_or_else(|| {
            panic!(
                "no change of `{item}` mentions {needle:?}:\n{}",
                log.markdown()
            )
        })
        .breaking
}

#[test]
fn every_kind_of_change_is_classified() {
    let log = fixture_changelog();
    let op = "v1_user_uid_get";
    assert!(breaking(
        &log,
        op,
        "query parameter `verbose` made required"
    ));
    assert!(breaking(
        &log,
        op,
        "query parameter `fields` retyped from `String` to `i64`"
    ));
    assert!(breaking(
        &log,
        op,
        "required header parameter `tenant` added"
    ));
    assert!(!breaking(
        &log,
        op,
        "optional query parameter `expand` added"
    ));
    assert!(breaking(&log, op, "query parameter `locale` removed"));
    assert!(breaking(
        &log,
        op,
        "response retyped from `User` to `UserV2`"
    ));
    assert!(breaking(&log, "v1_user_uid_delete_post", "removed"));
    assert!(!breaking(&log, "v1_groups_get", "added"));
    assert!(!breaking(&log, "v1_users_get", "now pages"));
    assert!(breaking(
        &log,
        "User",
        "field `id` retyped from `i64` to `String`"
    ));
    assert!(breaking(&log, "User", "required field `tenant` added"));
    assert!(!breaking(&log, "User", "optional field `nickname` added"));
    assert!(breaking(&log, "User", "field `email` removed"));
    assert!(!breaking(
        &log,
        "User",
        "constraints of field `name` changed from maxLength 32 to maxLength 64"
    ));
    assert!(!breaking(&log, "Status", "value `LOCKED` added"));
    assert!(breaking(&log, "Status", "value `SUSPENDED` removed"));
    assert!(breaking(
        &log,
        "UserList",
        "retyped from `Vec<User>` to `Vec<UserV2>`"
    ));
    assert!(breaking(&log, "Legacy", "removed"));
    assert!(!breaking(&log, "Level", "values reordered"));
    // The path parameter renamed: the path changes, the method's signature
    // does not (argument names are not part of it).
    let members = "v1_rooms_rid_members_get";
    assert!(!breaking(
        &log,
        members,
        "now sends `GET /v1/rooms/{roomId}/members`"
    ));
    assert!(!log
        .changes
        .iter()
        .any(|c| c.item == members && c.change.contains("arguments")));
    assert!(breaking(&log, members, "setter `order` renamed to `sort`"));
    assert!(!breaking(
        &log,
        "archive_room",
        "now sends `PUT /v1/room/{id}/archive` (was `POST"
    ));
    // Code still builds, but no call reaches a server that did not move.
    assert!(breaking(
        &log,
        "base path",
        "from under `/` to under `/api`"
    ));
    assert!(!breaking(&log, "UserV2", "added"));
    // `age` and the `uid` parameter did not change: nothing spurious.
    assert!(!log
        .changes
        .iter()
        .any(|c| c.change.contains("`age`") || c.change.contains("`uid`")));
    insta::assert_snapshot!(log.markdown());
}

#[test]
fn the_json_form_carries_the_same_changes() {
    let log = fixture_changelog();
    let json: serde_json::Value = serde_json::to_value(&log).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), log.changes.len());
    assert_eq!(
        json["changes"][0]["scope"],
        serde_json::to_value(log.changes[0].scope).unwrap()
    );
    assert!(log.changes.iter().any(|c| c.scope == Scope::Removed));
}

#[test]
fn pod_20_13_0_to_20_17_1_is_exactly_what_changed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let old = model(&root.join("../shared/spec/symphony-pod-api-20.13.0.yaml"));
    // Pinned to the 20.17.1 file, not the workspace spec a bump moves.
    let new = model(&root.join("../shared/spec/symphony-pod-api-openapi.yml"));
    let log = diff(&old, &new);
    assert_eq!(
        log.summary(),
        "31 changes, 1 breaking: operations 3 added, 0 removed, 1 changed; types 4 added, 0 removed, 15 changed; base path changed"
    );
    insta::assert_snapshot!(log.markdown());
}

/// With the base path pinned in the settings (as the workspace pins the
/// pod's `/pod`), a spec that lost its `basePath` moves no call.
#[test]
fn a_pinned_base_path_survives_a_spec_without_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings::load(&root.join("spec")).unwrap();
    assert_eq!(settings.base_path.as_deref(), Some("/pod"));
    let lower = |file: &str| {
        let lowered = generator::lower_file(&root.join("../shared/spec").join(file), &settings);
        lowered
            .model
            .unwrap_or_else(|| panic!("{}", lowered.normalised.render_diagnostics()))
    };
    let old = lower("symphony-pod-api-20.13.0.yaml");
    let new = lower("symphony-pod-api-openapi.yml");
    assert_eq!(
        (old.base_path.as_str(), new.base_path.as_str()),
        ("/pod", "/pod")
    );
    let log = diff(&old, &new);
    assert!(
        !log.changes.iter().any(|c| c.kind == "client"),
        "{}",
        log.markdown()
    );
}

#[test]
fn a_module_apis_items_are_named_by_their_path_in_the_crate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let settings = Settings {
        module: Some("agent".to_owned()),
        ..Settings::default()
    };
    let lower = |file: &str| {
        generator::lower_file(&dir.join(file), &settings)
            .model
            .unwrap()
    };
    let module = diff(&lower("old.yml"), &lower("new.yml"));
    let root = fixture_changelog();
    assert_eq!(module.changes.len(), root.changes.len());
    for (m, r) in module.changes.iter().zip(&root.changes) {
        let expected = match m.kind {
            "operation" => format!("Agent::{}", r.item),
            "type" => format!("agent::types::{}", r.item),
            _ => r.item.clone(),
        };
        assert_eq!(m.item, expected);
        assert_eq!(
            (m.kind, m.scope, &m.change, m.breaking),
            (r.kind, r.scope, &r.change, r.breaking)
        );
    }
    assert!(module.changes.iter().any(|c| c.kind == "type"));
    assert!(module.changes.iter().any(|c| c.kind == "operation"));
}
