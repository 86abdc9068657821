//! Scenarios: loading a scenario file, checking it as a whole, and locating its
//! values for error messages.
//!
//! Reading is strict (unknown keys are errors, quantities range-checked as they are
//! read, see `model`); this module adds the checks that span several entries:
//! unique names, pins that name existing services, schedules that parse.

pub mod apis;
pub mod facts;
pub mod model;
pub mod num;
pub mod schedule;
pub mod sizing;

use std::ops::Range;
use std::path::{Path, PathBuf};

use model::{Kind, ScenarioFile, Service};
use toml::Spanned;

use crate::error::{Diagnostic, one_of};

/// A loaded, checked scenario with the text it came from (for locating errors).
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The file.
    pub path: PathBuf,
    /// Short id: the file stem (`transferlens`).
    pub slug: String,
    /// Its text.
    pub text: String,
    /// Its contents.
    pub file: ScenarioFile,
}

impl Scenario {
    /// Reads and checks a scenario file.
    pub fn load(path: &Path) -> Result<Scenario, Diagnostic> {
        let text = crate::limits::read_text(path, "the scenario")?;
        Scenario::parse(path, text)
    }

    /// Parses and checks a scenario from its text.
    pub fn parse(path: &Path, text: String) -> Result<Scenario, Diagnostic> {
        crate::limits::check_text_size(path, text.len())?;
        crate::limits::check_toml_nesting(path, &text)?;
        if text.trim().is_empty() {
            return Err(Diagnostic::at(path, "", 0, "the scenario is empty").with_help("see scenarios/README.md for the scenario format"));
        }
        let file: ScenarioFile =
            toml::from_str(&text).map_err(|e| Diagnostic::from_toml(path, &text, &e).with_help("see scenarios/README.md for the scenario format"))?;
        let slug = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "scenario".into());
        let s = Scenario { path: path.to_path_buf(), slug, text, file };
        s.check()?;
        Ok(s)
    }

    /// A diagnostic at a span of the file.
    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, &self.text, span.start, message)
    }

    /// A diagnostic at the first occurrence of `needle` in the file (for values
    /// without a kept span), else for the whole file.
    pub fn near(&self, needle: &str, message: impl Into<String>) -> Diagnostic {
        match self.text.find(needle) {
            Some(i) => Diagnostic::at(&self.path, &self.text, i, message),
            None => Diagnostic::file(&self.path, message),
        }
    }

    /// Where the tax rates were set: `--tax`, else the scenario file (`FILE#tax`).
    pub fn tax_origin(&self) -> String {
        let set = self.file.tax.as_ref().and_then(|t| t.origin.clone());
        set.unwrap_or_else(|| format!("{}#tax", crate::pricing::shown_path(&self.path)))
    }

    /// Sets one tax rate for every provider (`--tax RATE`), over the scenario's `[tax]`.
    pub fn set_tax(&mut self, rate: f64) {
        self.file.tax = Some(model::Tax { rate: Some(rate), origin: Some(format!("--tax {}", crate::money::percent(rate))), ..Default::default() });
    }

    /// The overlay files the scenario names, relative to the scenario's folder.
    pub fn overlay_paths(&self) -> Vec<PathBuf> {
        let dir = self.path.parent().unwrap_or_else(|| Path::new(""));
        self.file.overlays.iter().map(|o| dir.join(o.get_ref())).collect()
    }

    /// The service named `name`.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.file.services.iter().find(|s| s.name == name)
    }

    /// Runs per day of a scheduled service (its `schedule`, else `runs_per_day`, else 0).
    pub fn runs_per_day(&self, service: &Service) -> f64 {
        match (&service.schedule, service.runs_per_day) {
            (Some(s), _) => schedule::runs_per_day(s.get_ref()).unwrap_or(0.0),
            (None, Some(r)) => r,
            (None, None) => 0.0,
        }
    }

    /// Services and stages within the caps of [`crate::limits`], else an error at the
    /// first past its cap.
    fn caps(&self) -> Result<(), Diagnostic> {
        use crate::limits::{MAX_SERVICES, MAX_STAGES, too_many};
        for (count, cap, table, what, name) in [
            (self.file.services.len(), MAX_SERVICES, "[[service]]", "services", "MAX_SERVICES"),
            (self.file.stages.len(), MAX_STAGES, "[[stage]]", "stages", "MAX_STAGES"),
        ] {
            if count > cap {
                let offset = self.text.match_indices(table).nth(cap).map(|(i, _)| i).unwrap_or(0);
                return Err(too_many(&self.path, &self.text, offset, what, count, cap, name));
            }
        }
        self.name_lengths()
    }

    /// Every name within [`MAX_NAME_CHARS`](crate::limits::MAX_NAME_CHARS), else an
    /// error at the first one past it: at its span when it has one, else where its
    /// text first appears in the file.
    fn name_lengths(&self) -> Result<(), Diagnostic> {
        use crate::limits::{MAX_NAME_CHARS, long_name, name_too_long};
        let plain = self.plain_names().into_iter().find(|(_, n)| name_too_long(n)).map(|(what, n)| {
            let prefix: String = n.chars().take(MAX_NAME_CHARS).collect();
            let at = self.text.find(n).or_else(|| self.text.find(&prefix)).unwrap_or(0);
            // at the opening quote, as a value with a span is
            (what, n, at.saturating_sub(usize::from(self.text[..at].ends_with(['"', '\'']))))
        });
        let given = || self.given_names().into_iter().find(|(_, n)| name_too_long(n.get_ref())).map(|(what, n)| (what, n.get_ref().as_str(), n.span().start));
        match plain.or_else(given) {
            Some((what, name, offset)) => Err(long_name(&self.path, &self.text, offset, what, name)),
            None => Ok(()),
        }
    }

    /// The names the scenario gives that have no span: what each names, and the name.
    fn plain_names(&self) -> Vec<(&'static str, &str)> {
        let f = &self.file;
        let apis = || f.apis.iter().chain(f.services.iter().flat_map(|s| s.apis.iter()));
        let mut names = vec![("the scenario name", f.scenario.name.as_str())];
        names.extend(f.services.iter().map(|s| ("a service name", s.name.as_str())));
        names.extend(f.stages.iter().map(|s| ("a stage name", s.name.as_str())));
        names.extend(f.options.iter().map(|o| ("an option name", o.name.as_str())));
        names.extend(apis().map(|a| ("an API name", a.name.as_str())));
        names.extend(apis().flat_map(|a| a.stage.keys()).map(|k| ("a stage name", k.as_str())));
        names.extend(f.addons.iter().map(|a| ("an add-on name", a.name.as_str())));
        names.extend(f.options.iter().flat_map(|o| o.service.keys()).map(|k| ("a service name", k.as_str())));
        names.extend(f.options.iter().flat_map(|o| o.api.keys()).map(|k| ("an API name", k.as_str())));
        names.extend(f.tax.iter().flat_map(|t| t.providers.keys()).map(|k| ("a provider name", k.as_str())));
        names
    }

    /// The names the scenario chooses with their span (sizes, plans, regions,
    /// providers, models…): what each names, and the name.
    fn given_names(&self) -> Vec<(&'static str, &Spanned<String>)> {
        let f = &self.file;
        let mut names = Vec::new();
        for o in &f.options {
            let keys = [
                ("the `region`", &o.region),
                ("the `vercel_region`", &o.vercel_region),
                ("the `plan`", &o.plan),
                ("the `host`", &o.host),
                ("the `node_size`", &o.node_size),
            ];
            names.extend(keys.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))));
            for p in o.service.values().map(Spanned::get_ref) {
                let keys = [
                    ("the `size`", &p.size),
                    ("the `plan`", &p.plan),
                    ("the `deploy`", &p.deploy),
                    ("the `provider`", &p.provider),
                    ("the `colocate_with`", &p.colocate_with),
                    ("the `store`", &p.store),
                ];
                names.extend(keys.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))));
            }
            for p in o.api.values().map(Spanned::get_ref) {
                let keys = [("the `provider`", &p.provider), ("the `model`", &p.model), ("the `product`", &p.product), ("the `plan`", &p.plan)];
                names.extend(keys.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))));
            }
        }
        for a in f.apis.iter().chain(f.services.iter().flat_map(|s| s.apis.iter())) {
            names.push(("the `provider`", &a.provider));
            let keys = [("the `model`", &a.model), ("the `product`", &a.product), ("the `plan`", &a.plan)];
            names.extend(keys.into_iter().filter_map(|(k, v)| v.as_ref().map(|v| (k, v))));
        }
        names
    }

    fn check(&self) -> Result<(), Diagnostic> {
        self.caps()?;
        self.check_tables_present()?;
        let services = self.check_services()?;
        self.check_stages()?;
        self.check_options(&services)?;
        self.check_apis()?;
        self.check_addons()
    }

    /// A scenario has at least one service, stage and option.
    fn check_tables_present(&self) -> Result<(), Diagnostic> {
        let f = &self.file;
        if f.services.is_empty() {
            return Err(Diagnostic::at(&self.path, "", 0, "the scenario has no `[[service]]`").with_help("add at least one service"));
        }
        if f.stages.is_empty() {
            return Err(Diagnostic::at(&self.path, "", 0, "the scenario has no `[[stage]]`")
                .with_help("add a load stage, e.g. `[[stage]] name = \"MVP\" users = 1000 daily_active = 0.2`"));
        }
        if f.options.is_empty() {
            return Err(Diagnostic::at(&self.path, "", 0, "the scenario has no `[[option]]`")
                .with_help("add a deployment option, e.g. `[[option]] name = \"Fly.io\" platform = \"fly\"`"));
        }
        Ok(())
    }

    /// Service names are unique and not empty; schedules parse; a cron says when it
    /// runs; `min_instances` is not above `max_instances`. Returns the names.
    fn check_services(&self) -> Result<std::collections::BTreeSet<&str>, Diagnostic> {
        let f = &self.file;
        let mut seen = std::collections::BTreeSet::new();
        for s in &f.services {
            if s.name.trim().is_empty() {
                return Err(self.near("[[service]]", "a service has an empty `name`"));
            }
            if !seen.insert(s.name.as_str()) {
                return Err(self.near(&format!("\"{}\"", s.name), format!("two services are named `{}`", s.name)).with_help("service names must be unique"));
            }
            if let Some(sched) = &s.schedule
                && let Err(e) = schedule::runs_per_day(sched.get_ref())
            {
                return Err(self.at(sched.span(), format!("service `{}`: bad schedule: {e}", s.name)));
            }
            if s.kind == Kind::Cron && s.schedule.is_none() && s.runs_per_day.is_none() {
                return Err(self
                    .near(&format!("\"{}\"", s.name), format!("cron service `{}` has neither `schedule` nor `runs_per_day`", s.name))
                    .with_help("add e.g. `schedule = \"0 6 * * *\"` and `run_minutes = 5`"));
            }
            if let (Some(min), Some(max)) = (s.min_instances, s.max_instances)
                && min > max
            {
                return Err(self.near(&format!("\"{}\"", s.name), format!("service `{}`: min_instances {min} is above max_instances {max}", s.name)));
            }
        }
        Ok(seen)
    }

    /// Stage names are unique, also as report file names.
    fn check_stages(&self) -> Result<(), Diagnostic> {
        let f = &self.file;
        let mut slugs: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
        for st in &f.stages {
            if let Some(other) = slugs.insert(crate::slug::slug(&st.name), st.name.as_str())
                && other != st.name
            {
                return Err(self
                    .near(
                        &format!("\"{}\"", st.name),
                        format!("stages `{other}` and `{}` would share report files (`{}`)", st.name, crate::slug::slug(&st.name)),
                    )
                    .with_help("give the stages names that differ in their letters or digits"));
            }
        }
        let mut stages = std::collections::BTreeSet::new();
        for st in &f.stages {
            if !stages.insert(st.name.as_str()) {
                return Err(self.near(&format!("\"{}\"", st.name), format!("two stages are named `{}`", st.name)));
            }
        }
        Ok(())
    }

    /// Option names are unique; each pin names a service of the scenario, and its
    /// `colocate_with`, `deploy` and `provider` are ones hostcast knows.
    fn check_options(&self, seen: &std::collections::BTreeSet<&str>) -> Result<(), Diagnostic> {
        let f = &self.file;
        let mut options = std::collections::BTreeSet::new();
        let names: Vec<String> = f.services.iter().map(|s| s.name.clone()).collect();
        for o in &f.options {
            if !options.insert(o.name.as_str()) {
                return Err(self.near(&format!("\"{}\"", o.name), format!("two options are named `{}`", o.name)));
            }
            for (svc, pin) in &o.service {
                if !seen.contains(svc.as_str()) {
                    return Err(self
                        .at(pin.span(), format!("option `{}` sets service `{svc}`, which the scenario does not define", o.name))
                        .with_help(format!("services: {}", one_of(&names))));
                }
                let p = pin.get_ref();
                if let Some(c) = &p.colocate_with
                    && (!seen.contains(c.get_ref().as_str()) || c.get_ref() == svc)
                {
                    return Err(self
                        .at(c.span(), format!("`colocate_with = \"{}\"` must name another service", c.get_ref()))
                        .with_help(format!("services: {}", one_of(&names))));
                }
                if let Some(d) = &p.deploy
                    && !["managed", "machine"].contains(&d.get_ref().as_str())
                {
                    return Err(self.at(d.span(), format!("unknown deploy mode `{}`", d.get_ref())).with_help("valid: `managed`, `machine`"));
                }
                if let Some(pr) = &p.provider
                    && !PROVIDER_OVERRIDES.contains(&pr.get_ref().as_str())
                {
                    return Err(self
                        .at(pr.span(), format!("unknown provider `{}`", pr.get_ref()))
                        .with_help(format!("valid: {}", PROVIDER_OVERRIDES.map(|p| format!("`{p}`")).join(", "))));
                }
            }
        }
        Ok(())
    }

    /// Every API entry, and every option's pin of one, is priced from a known entry.
    fn check_apis(&self) -> Result<(), Diagnostic> {
        let f = &self.file;
        let stage_names: Vec<String> = f.stages.iter().map(|s| s.name.clone()).collect();
        let calls = f.apis.iter().map(|a| (a, None)).chain(f.services.iter().flat_map(|s| s.apis.iter().map(move |a| (a, Some(s)))));
        let mut entries = Vec::new();
        for (a, s) in calls {
            if let Some((span, message, help)) = a.problem(s, &stage_names) {
                return Err(self.at(span, message).with_help(help));
            }
            entries.push(a.name.clone());
        }
        for o in &f.options {
            for (name, pin) in &o.api {
                let Some(a) = f.apis.iter().chain(f.services.iter().flat_map(|s| s.apis.iter())).find(|a| &a.name == name) else {
                    return Err(self
                        .at(pin.span(), format!("option `{}` sets API `{name}`, which the scenario does not define", o.name))
                        .with_help(format!("API entries: {}", one_of(&entries))));
                };
                let service = f.services.iter().find(|s| s.apis.iter().any(|x| std::ptr::eq(x, a)));
                if let Some((span, message, help)) = a.pinned(Some(pin.get_ref())).problem(service, &stage_names) {
                    return Err(self.at(span, message).with_help(help));
                }
            }
        }
        Ok(())
    }

    /// Each add-on names its price as `BOOK.RATE`.
    fn check_addons(&self) -> Result<(), Diagnostic> {
        for a in &self.file.addons {
            if a.price.split_once('.').is_none() {
                return Err(self
                    .near(&a.price, format!("add-on `{}`: `price` must name a price-book entry as `BOOK.RATE`", a.name))
                    .with_help("e.g. `price = \"addons.sentry_team\"`"));
            }
        }
        Ok(())
    }
}

/// Values a pin's `provider` may take.
pub const PROVIDER_OVERRIDES: [&str; 5] = ["fly", "vercel", "render", "upstash", "external"];
