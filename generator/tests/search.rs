//! The search aliases of every method of the crate's APIs (pod and agent)
//! are true of it: none is a phrase another operation says of itself in
//! its own summary's words, unless its own summary says it too or the
//! settings give it to this method on purpose.

use generator::settings::Settings;
use std::collections::BTreeSet;
use std::path::Path;
use templates::operations::{phrasings, search_text};

#[test]
fn no_alias_names_another_operations_action() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let settings = Settings::load(&root.join("spec")).unwrap();
    let apis = std::iter::once((
        root.join("spec/symphony-pod-api-openapi.yml"),
        settings.clone(),
    ))
    .chain(
        settings
            .apis
            .iter()
            .map(|a| (a.spec.clone(), a.settings.clone())),
    );
    let mut checked = 0;
    for (spec, settings) in apis {
        let lowered = generator::lower_file(&spec, &settings);
        let api = lowered.model.expect("the spec lowers");
        // What each operation says of itself: its summary and its own
        // phrasings of it.
        let own: Vec<BTreeSet<String>> = api
            .operations
            .iter()
            .map(|op| {
                let summary = op.docs.first().map(|l| search_text(l)).unwrap_or_default();
                let p = phrasings(&summary);
                std::iter::once(summary).chain(p.own).collect()
            })
            .collect();
        for (i, op) in api.operations.iter().enumerate() {
            let given: BTreeSet<&String> = settings
                .aliases
                .get(&op.method_name)
                .into_iter()
                .flatten()
                .collect();
            for alias in &op.aliases {
                checked += 1;
                if own[i].contains(alias) || given.contains(alias) {
                    continue;
                }
                let other = api
                    .operations
                    .iter()
                    .zip(&own)
                    .find(|(_, set)| set.contains(alias));
                assert!(
                    other.is_none(),
                    "`{}`'s alias {alias:?} is what `{}` says it does",
                    op.method_name,
                    other.unwrap().0.method_name
                );
            }
            // Every alias the settings give it is there.
            for alias in given {
                assert!(
                    op.aliases.contains(alias),
                    "{}: {alias:?} missing",
                    op.method_name
                );
            }
        }
    }
    assert!(checked > 0);
}
