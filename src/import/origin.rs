//! Errors found in a scenario written from configs, pointed back at the configs.
//!
//! `estimate` and `diff` price the scenario `import` writes without showing it;
//! an error located in that scenario (an unknown plan, a bad pin) would name a
//! file the user never saw. [`relocate`] finds the service and key of the
//! scenario line and moves the error to where the config gives that value (or,
//! failing that, where it defines the service).

use std::path::Path;

use super::Topology;
use crate::error::Diagnostic;

/// The service and key a line of an emitted scenario (1-based) belongs to: a
/// `[[service]]` block or an `[option.service."NAME"]` pin table. `None` for lines
/// outside both (stages, options, the `[scenario]` table).
pub fn service_key_at(text: &str, line: usize) -> Option<(String, String)> {
    let mut service: Option<String> = None;
    let mut in_block = false;
    for (i, l) in text.lines().enumerate().take(line) {
        let l = l.trim();
        if l.starts_with('[') {
            in_block = l == "[[service]]";
            service = l.strip_prefix("[option.service.").and_then(|r| r.strip_suffix(']')).map(|n| n.trim_matches('"').to_string());
            continue;
        }
        let Some((key, value)) = l.split_once('=') else { continue };
        let key = key.trim();
        if in_block && key == "name" {
            service = value.split('#').next().map(|v| v.trim().trim_matches('"').to_string());
        }
        if i + 1 == line {
            return service.map(|s| (s, key.to_string()));
        }
    }
    None
}

/// `d` moved from the scenario `generated` (whose text is `text`) to the config
/// line its value came from; `None` when `d` is not in that scenario or its line
/// belongs to no imported service.
pub fn relocate(d: &Diagnostic, generated: &Path, text: &str, top: &Topology) -> Option<Diagnostic> {
    if d.path != generated {
        return None;
    }
    let (name, key) = service_key_at(text, d.line?)?;
    let s = top.services.iter().find(|s| s.name == name)?;
    let at = s.origins.get(&key).copied().unwrap_or(s.at);
    let line = d.line.unwrap_or(0);
    let mut moved = super::tree::diag(&s.file, at, d.message.clone());
    let scenario = format!("in the scenario written from it (`hostcast import`), line {line} `{key}` of service `{name}`");
    moved.help = Some(match &d.help {
        Some(h) => format!("{h}\n  note: {scenario}"),
        None => scenario,
    });
    Some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_belong_to_their_service_block_or_pin_table() {
        let text = "[scenario]\nname = \"x\"\n\n[[service]]\nname = \"db\"\nkind = \"postgres\"\n\n[[option]]\nname = \"o\"\n\n[option.service.\"db\"]\nplan = \"big\"\n";
        assert_eq!(service_key_at(text, 2), None);
        assert_eq!(service_key_at(text, 6), Some(("db".into(), "kind".into())));
        assert_eq!(service_key_at(text, 9), None);
        assert_eq!(service_key_at(text, 12), Some(("db".into(), "plan".into())));
    }

    #[test]
    fn an_error_at_a_pinned_plan_moves_to_the_config_line_of_the_plan() {
        let path = Path::new("render.yaml");
        let yaml = "services:\n- type: web\n  name: a\n  plan: starter\ndatabases:\n- name: db\n  plan: basic-1gb\n  diskSizeGB: 20\n";
        let imported = crate::import::import_text(path, yaml, &crate::import::Options::default()).expect("imports");
        let top = crate::import::combine(vec![imported]).expect("combines");
        let text = crate::import::emit::scenario(&top, &crate::import::emit::Known::default()).text;
        let generated = Path::new("render.scenario.toml");
        let pin = text.find("plan = \"basic-1gb\"").expect("the plan is pinned");
        let d = Diagnostic::at(generated, &text, pin, "unknown plan");
        let moved = relocate(&d, generated, &text, &top).expect("moved");
        assert_eq!(moved.to_string().lines().next(), Some("render.yaml:7:9: unknown plan"));
        // an error of another file, or outside any service, stays where it is
        assert_eq!(relocate(&Diagnostic::at(Path::new("other.toml"), &text, pin, "x"), generated, &text, &top), None);
        assert_eq!(relocate(&Diagnostic::at(generated, &text, 0, "x"), generated, &text, &top), None);
    }

    #[test]
    fn compose_sizes_and_counts_move_to_the_lines_that_set_them() {
        let path = Path::new("docker-compose.yml");
        let yaml = "services:\n  api:\n    image: ghcr.io/acme/api:1\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          cpus: '2'\n          memory: 1G\n";
        let imported = crate::import::import_text(path, yaml, &crate::import::Options::default()).expect("imports");
        let top = crate::import::combine(vec![imported]).expect("combines");
        let text = crate::import::emit::scenario(&top, &crate::import::emit::Known::default()).text;
        let generated = Path::new("docker-compose.scenario.toml");
        for (written, want) in
            [("memory_mb = ", "docker-compose.yml:9:19: x"), ("vcpus = ", "docker-compose.yml:8:17: x"), ("instances = ", "docker-compose.yml:5:17: x")]
        {
            let at = text.find(&format!("\n{written}")).map(|i| i + 1).expect("written");
            let moved = relocate(&Diagnostic::at(generated, &text, at, "x"), generated, &text, &top).expect("moved");
            assert_eq!(moved.to_string().lines().next(), Some(want), "{written}");
        }
    }
}
