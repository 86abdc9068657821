//! The caps on how much one config holds (services, process groups, crons,
//! containers), checked on the parsed tree before anything is imported, each an
//! error at the first item past its cap.

use std::path::Path;

use super::Format;
use super::tree::{Node, diag};
use crate::error::Diagnostic;
use crate::limits::{MAX_CONTAINERS, MAX_CRONS, MAX_SERVICES};

/// Checks the counts of a config of `format` against the caps of [`crate::limits`].
pub fn check(path: &Path, format: Format, root: &Node) -> Result<(), Diagnostic> {
    let (key, what) = match format {
        Format::Compose => ("services", "services"),
        Format::Render => ("services", "services"),
        Format::Fly => ("processes", "process groups"),
        Format::Vercel => ("functions", "functions"),
    };
    if let Some(list) = root.get(key) {
        let ats: Vec<_> = if list.is_list() { list.items().iter().map(|n| n.at).collect() } else { list.entries().iter().map(|e| e.at).collect() };
        if let Some(at) = ats.get(MAX_SERVICES) {
            return Err(over(path, *at, ats.len(), what, MAX_SERVICES, "MAX_SERVICES"));
        }
    }
    if format == Format::Vercel
        && let Some(crons) = root.get("crons")
        && let Some(n) = crons.items().get(MAX_CRONS)
    {
        return Err(over(path, n.at, crons.items().len(), "crons", MAX_CRONS, "MAX_CRONS"));
    }
    if format == Format::Compose {
        containers(path, root)?;
    }
    Ok(())
}

/// Compose: the replicas of all services (`deploy.replicas`, else `scale`, else 1)
/// within [`MAX_CONTAINERS`].
fn containers(path: &Path, root: &Node) -> Result<(), Diagnostic> {
    let mut total = 0.0;
    for e in root.get("services").map(Node::entries).unwrap_or_default() {
        let s = &e.value;
        let replicas = s.get("deploy").and_then(|d| d.get("replicas")).or_else(|| s.get("scale"));
        total += replicas.and_then(Node::as_f64).filter(|r| *r >= 0.0).unwrap_or(1.0);
        if total > MAX_CONTAINERS as f64 {
            let at = replicas.map(|r| r.at).unwrap_or(e.at);
            return Err(diag(path, at, format!("`{}` brings the containers to {total}, past hostcast's cap of {MAX_CONTAINERS} (`MAX_CONTAINERS`)", e.key))
                .with_help(format!("price at most {MAX_CONTAINERS} containers per file: fewer replicas, or split the file")));
        }
    }
    Ok(())
}

fn over(path: &Path, at: super::tree::Pos, count: usize, what: &str, cap: usize, name: &str) -> Diagnostic {
    diag(path, at, format!("{count} {what}, past hostcast's cap of {cap} (`{name}`)")).with_help(format!("split the file into parts of at most {cap} {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(name: &str, text: &str) -> Result<super::super::Imported, Diagnostic> {
        super::super::import_text(Path::new(name), text, &super::super::Options::default())
    }

    #[test]
    fn too_many_services_is_an_error_at_the_first_past_the_cap() {
        let mut t = String::from("services:\n");
        for i in 0..=MAX_SERVICES {
            t.push_str(&format!("  s{i}:\n    image: app\n"));
        }
        let e = import("docker-compose.yml", &t).expect_err("over the cap");
        assert!(e.message.contains("MAX_SERVICES"), "{e}");
        assert_eq!((e.line, e.column), (Some(2 + 2 * MAX_SERVICES), Some(3)));
    }

    #[test]
    fn too_many_crons_is_an_error_at_the_first_past_the_cap() {
        let items: Vec<String> = (0..=MAX_CRONS).map(|i| format!("{{\"path\": \"/api/c{i}\", \"schedule\": \"0 0 * * *\"}}")).collect();
        let t = format!("{{\"crons\": [\n{}\n]}}\n", items.join(",\n"));
        let e = import("vercel.json", &t).expect_err("over the cap");
        assert!(e.message.contains("MAX_CRONS"), "{e}");
        assert_eq!(e.line, Some(2 + MAX_CRONS));
    }

    #[test]
    fn too_many_containers_is_an_error_at_the_replicas_that_cross_the_cap() {
        let t = format!("services:\n  a:\n    image: app\n  b:\n    image: app\n    deploy:\n      replicas: {MAX_CONTAINERS}\n");
        let e = import("docker-compose.yml", &t).expect_err("over the cap");
        assert!(e.message.contains("MAX_CONTAINERS"), "{e}");
        assert_eq!((e.line, e.column), (Some(7), Some(17)));
    }
}
