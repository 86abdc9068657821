//! Which platform a config file is for: from its name as the platforms name their
//! files, else from its content (without parsing the whole file).

use std::path::Path;

use super::Format;

/// The format of a file: from its name as the platforms name their files, else
/// from its content; `None` when neither tells.
pub fn detect(path: &Path, text: &str) -> Option<Format> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    if name.ends_with(".toml") && (name == "fly.toml" || name.starts_with("fly.") || name.ends_with(".fly.toml")) {
        return Some(Format::Fly);
    }
    if yaml && (name.starts_with("render.") || name.starts_with("render-")) {
        return Some(Format::Render);
    }
    if yaml
        && (name.starts_with("docker-compose")
            || name.starts_with("compose.")
            || name.starts_with("compose-")
            || name.starts_with("docker-stack")
            || name.contains(".compose."))
    {
        return Some(Format::Compose);
    }
    if name.ends_with(".json") && (name == "vercel.json" || name.starts_with("vercel.")) {
        return Some(Format::Vercel);
    }
    detect_content(&name, text)
}

/// Top-level keys of a `fly.toml` (https://fly.io/docs/reference/configuration/).
const FLY_KEYS: [&str; 21] = [
    "app",
    "primary_region",
    "kill_signal",
    "kill_timeout",
    "swap_size_mb",
    "console_command",
    "build",
    "deploy",
    "env",
    "http_service",
    "services",
    "checks",
    "mounts",
    "processes",
    "vm",
    "metrics",
    "statics",
    "files",
    "experimental",
    "restart",
    "machine_checks",
];

/// Top-level keys of a `vercel.json` (https://vercel.com/docs/project-configuration),
/// less the three a `package.json` has too (`name`, `version`, `env`).
const VERCEL_KEYS: [&str; 29] = [
    "$schema",
    "build",
    "alias",
    "scope",
    "builds",
    "routes",
    "rewrites",
    "redirects",
    "headers",
    "functions",
    "crons",
    "framework",
    "buildCommand",
    "devCommand",
    "installCommand",
    "ignoreCommand",
    "outputDirectory",
    "cleanUrls",
    "trailingSlash",
    "regions",
    "functionFailoverRegions",
    "public",
    "github",
    "git",
    "images",
    "services",
    "experimentalServices",
    "bunVersion",
    "fluid",
];

/// What a file that is no deployment config is, when its name or its top-level keys
/// say so: a package manifest, a project file, or a TOML or JSON file without any key
/// of a `fly.toml` or a `vercel.json`. A file that does not parse is left to the
/// importer, which locates the syntax error.
pub fn not_a_config(path: &Path, text: &str) -> Option<&'static str> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    // a file named as a platform names its config is taken as one
    if name.starts_with("vercel.") || name.ends_with("vercel.json") || name.starts_with("fly.") || name.ends_with("fly.toml") {
        return None;
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let keys: Vec<String> = match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => return None,
        };
        if keys.iter().any(|k| VERCEL_KEYS.contains(&k.as_str())) || keys.is_empty() {
            return None;
        }
        let npm = ["dependencies", "devDependencies", "scripts", "main", "packageManager", "workspaces"];
        return Some(if name == "package.json" || keys.iter().any(|k| npm.contains(&k.as_str())) {
            "a package.json (an npm package manifest)"
        } else if name == "tsconfig.json" || keys.iter().any(|k| k == "compilerOptions") {
            "a tsconfig.json (TypeScript compiler settings)"
        } else {
            "a JSON file without any key of a vercel.json"
        });
    }
    if !name.ends_with(".toml") {
        return None;
    }
    let table = trimmed.parse::<toml::Table>().ok()?;
    if table.keys().any(|k| FLY_KEYS.contains(&k.as_str())) || table.is_empty() || table.contains_key("scenario") {
        return None;
    }
    Some(if name == "cargo.toml" || table.contains_key("package") || table.contains_key("workspace") {
        "a Cargo.toml (a Rust package manifest)"
    } else if name == "pyproject.toml" || table.contains_key("project") || table.contains_key("tool") {
        "a pyproject.toml (a Python project file)"
    } else {
        "a TOML file without any key of a fly.toml"
    })
}

fn detect_content(name: &str, text: &str) -> Option<Format> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Some(Format::Vercel);
    }
    if name.ends_with(".toml") {
        return Some(Format::Fly);
    }
    // YAML: look at the top-level keys without parsing the whole file
    let mut top = Vec::new();
    let mut services_list = None;
    for line in text.lines() {
        if line.starts_with(' ') || line.starts_with('\t') || line.starts_with('#') || line.starts_with('-') {
            if services_list.is_none() && top.last() == Some(&"services") && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
                services_list = Some(line.trim_start().starts_with('-'));
            }
            continue;
        }
        if let Some((k, _)) = line.split_once(':') {
            top.push(k.trim());
        }
    }
    if text.lines().any(|l| l.starts_with("- ")) && top.last() == Some(&"services") {
        services_list = services_list.or(Some(true));
    }
    let render_keys = ["databases", "envVarGroups", "projects", "previews"];
    if top.iter().any(|k| render_keys.contains(k)) || services_list == Some(true) {
        return Some(Format::Render);
    }
    if top.contains(&"services") {
        return Some(Format::Compose);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_that_are_no_deployment_config_are_told_apart() {
        let cases = [
            ("Cargo.toml", "[package]\nname = \"x\"\nversion = \"0.1.0\"\n", Some("a Cargo.toml (a Rust package manifest)")),
            ("pyproject.toml", "[project]\nname = \"x\"\n", Some("a pyproject.toml (a Python project file)")),
            ("x.toml", "[tool.black]\nline-length = 88\n", Some("a pyproject.toml (a Python project file)")),
            ("settings.toml", "title = \"x\"\n", Some("a TOML file without any key of a fly.toml")),
            ("package.json", "{\"name\": \"x\", \"version\": \"1.0.0\", \"scripts\": {}}", Some("a package.json (an npm package manifest)")),
            ("tsconfig.json", "{\"compilerOptions\": {}}", Some("a tsconfig.json (TypeScript compiler settings)")),
            // what the platforms read passes, and so does what does not parse (the
            // importer locates its syntax error)
            ("app.toml", "app = \"a\"\nprimary_region = \"ams\"\n", None),
            ("fly.staging.toml", "title = \"x\"\n", None),
            ("vercel.json", "{\"version\": 2}", None),
            ("x.json", "{\"rewrites\": []}", None),
            ("x.json", "{}", None),
            ("Cargo.toml", "[package\n", None),
            ("s.toml", "[scenario]\nname = \"x\"\n", None),
        ];
        for (name, text, want) in cases {
            assert_eq!(not_a_config(Path::new(name), text), want, "{name}: {text}");
        }
    }

    #[test]
    fn formats_are_told_from_names_then_content() {
        for (name, f) in [
            ("fly.toml", Format::Fly),
            ("fly.production.toml", Format::Fly),
            ("render.yaml", Format::Render),
            ("docker-compose.yml", Format::Compose),
            ("compose.prod.yaml", Format::Compose),
            ("docker-stack.yml", Format::Compose),
            ("vercel.json", Format::Vercel),
        ] {
            assert_eq!(detect(Path::new(name), ""), Some(f), "{name}");
        }
        assert_eq!(detect(Path::new("x.yml"), "services:\n  web:\n    image: nginx\n"), Some(Format::Compose));
        assert_eq!(detect(Path::new("x.yml"), "services:\n- type: web\n  name: a\n"), Some(Format::Render));
        assert_eq!(detect(Path::new("x.yml"), "databases:\n  - name: db\n"), Some(Format::Render));
        assert_eq!(detect(Path::new("x.json"), "{}"), Some(Format::Vercel));
        assert_eq!(detect(Path::new("x.toml"), "app = 'a'"), Some(Format::Fly));
        assert_eq!(detect(Path::new("x.txt"), "hello"), None);
    }
}
