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
