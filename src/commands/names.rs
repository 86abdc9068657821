//! Stage and option names as the user types them: matched without regard to case,
//! and an unknown one answered with the nearest name (by edit distance) and the list.

use anyhow::Result;

use crate::error::{Exit, one_of};
use crate::results::Results;
use crate::scenario::Scenario;
use crate::simulate::Filter;

pub use crate::error::edit_distance as distance;

/// The name nearest `typed` (case ignored), when it is close enough to be a typo:
/// at most a third of the typed length away (and at least one edit allowed).
pub fn suggest<'a>(typed: &str, names: &'a [String]) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    let limit = (typed.chars().count() / 3).max(1);
    names.iter().map(|n| (distance(&typed, &n.to_lowercase()), n)).filter(|(d, _)| *d <= limit).min_by_key(|(d, _)| *d).map(|(_, n)| n.as_str())
}

/// The name of `names` that `typed` means: the exact one, else the only one equal
/// without regard to case; otherwise a usage error (exit 2) with a suggestion:
/// ``unknown stage `grwoth` in x.toml: did you mean `growth`? stages: `mvp`, `growth` ``.
pub fn resolve(what: &str, typed: &str, names: &[String], file: &str) -> Result<String, Exit> {
    if let Some(n) = names.iter().find(|n| *n == typed) {
        return Ok(n.clone());
    }
    let folded: Vec<&String> = names.iter().filter(|n| n.to_lowercase() == typed.to_lowercase()).collect();
    match folded.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let hint = suggest(typed, names).map(|n| format!(": did you mean `{n}`?")).unwrap_or_else(|| ";".into());
            Err(Exit::usage(format!("unknown {what} `{typed}` in {file}{hint} {what}s: {}", one_of(names))))
        }
        several => Err(Exit::usage(format!("{what} `{typed}` in {file} matches {} without regard to case: write it exactly", one_of(several.iter().copied())))),
    }
}

/// Each of `typed` resolved against `names` (see [`resolve`]), duplicates dropped.
pub fn resolve_all(what: &str, typed: &[String], names: &[String], file: &str) -> Result<Vec<String>, Exit> {
    let mut out: Vec<String> = Vec::new();
    for t in typed {
        let n = resolve(what, t, names, file)?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

/// The `--stage`/`--option` names of one scenario, as the scenario spells them.
pub fn filter(s: &Scenario, stages: &[String], options: &[String]) -> Result<Filter, Exit> {
    let file = s.path.display().to_string();
    let stage_names: Vec<String> = s.file.stages.iter().map(|x| x.name.clone()).collect();
    let option_names: Vec<String> = s.file.options.iter().map(|x| x.name.clone()).collect();
    Ok(Filter { stages: resolve_all("stage", stages, &stage_names, &file)?, options: resolve_all("option", options, &option_names, &file)? })
}

/// Keeps the rows of saved results at the stages and options named (any case,
/// matched against the names the results hold).
pub fn keep(results: &mut Results, stages: &[String], options: &[String], file: &str) -> Result<(), Exit> {
    let mut stage_names: Vec<String> = Vec::new();
    let mut option_names: Vec<String> = Vec::new();
    for r in &results.results {
        if !stage_names.contains(&r.stage) {
            stage_names.push(r.stage.clone());
        }
        if !option_names.contains(&r.option) {
            option_names.push(r.option.clone());
        }
    }
    let stages = resolve_all("stage", stages, &stage_names, file)?;
    let options = resolve_all("option", options, &option_names, file)?;
    results.results.retain(|r| (stages.is_empty() || stages.contains(&r.stage)) && (options.is_empty() || options.contains(&r.option)));
    if !stages.is_empty() {
        results.recommendations.retain(|r| stages.contains(&r.stage));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_swaps() {
        assert_eq!(distance("growth", "growth"), 0);
        // `grwoth` → `growth`: two substitutions (w→o, o→w)
        assert_eq!(distance("grwoth", "growth"), 2);
        assert_eq!(distance("mvp", "mvps"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn names_match_without_regard_to_case_and_typos_get_a_suggestion() {
        let stages = names(&["mvp", "growth", "scale"]);
        assert_eq!(resolve("stage", "GROWTH", &stages, "x.toml"), Ok("growth".to_string()));
        let e = resolve("stage", "grwoth", &stages, "scenarios/x.toml").unwrap_err();
        assert_eq!(e.code, 2);
        assert_eq!(e.message, "unknown stage `grwoth` in scenarios/x.toml: did you mean `growth`? stages: `mvp`, `growth`, `scale`");
        let far = resolve("stage", "enterprise", &stages, "x.toml").unwrap_err();
        assert_eq!(far.message, "unknown stage `enterprise` in x.toml; stages: `mvp`, `growth`, `scale`");
    }

    #[test]
    fn two_names_equal_but_for_case_need_the_exact_one() {
        let options = names(&["Fly", "FLY"]);
        assert_eq!(resolve("option", "FLY", &options, "x.toml"), Ok("FLY".to_string()));
        assert!(resolve("option", "fly", &options, "x.toml").is_err());
    }
}
