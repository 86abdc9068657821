//! Front ends and back ends among imported services: the framework an image, a
//! command or a build names, and `web` services that name none imported as `api`.

use super::{Format, Imported, ImportedService};
use crate::scenario::model::{Frontend, Kind};

/// A `web` service that names no front-end framework is an HTTP back end: it is
/// imported as `api`, so the Vercel + Fly hybrid keeps it on Fly. (A `vercel.json`
/// project is what Vercel serves and stays `web`.)
pub(super) fn back_ends_as_api(imported: &mut Imported) {
    for s in imported.services.iter_mut().filter(|s| s.kind == Kind::Web && s.frontend.is_none() && s.format != Format::Vercel && !named_as_pages(s)) {
        s.kind = Kind::Api;
        s.notes.push("an HTTP back end (no front-end framework in its image, command or build): imported as `api`".into());
    }
}

/// Whether a service's name or image calls it a front end (`frontend`, `web`, `ui`,
/// `site`, `www`, `dashboard` as a word) though its framework is unknown: it stays
/// `web` (and on Fly in the hybrid until `frontend` is set).
fn named_as_pages(s: &ImportedService) -> bool {
    let text = format!("{} {}", s.name, s.image.as_deref().unwrap_or_default()).to_lowercase();
    text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| ["frontend", "front", "web", "ui", "site", "www", "dashboard"].contains(&w))
}

/// The front-end framework that an image, a command or a build names, if any:
/// Next.js, SvelteKit, Nuxt, Remix, Astro, or a static build (Vite, Create React App,
/// Gatsby, Hugo, Jekyll, Eleventy, Docusaurus).
pub fn frontend_hint(text: &str) -> Option<Frontend> {
    let lower = text.to_lowercase();
    let tokens: Vec<&str> = lower.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '@')).filter(|t| !t.is_empty()).collect();
    let token = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if token(&["next", "nextjs", "next.js"]) || has(&["next start", "next build", "next-server"]) {
        Some(Frontend::Nextjs)
    } else if has(&["sveltekit", "svelte-kit", "@sveltejs/kit", "adapter-node"]) {
        Some(Frontend::Sveltekit)
    } else if token(&["nuxt", "nuxtjs", "nuxi", "nuxt3"]) {
        Some(Frontend::Nuxt)
    } else if token(&["remix", "remix-serve", "react-router-serve"]) {
        Some(Frontend::Remix)
    } else if token(&["astro"]) {
        Some(Frontend::Astro)
    } else if has(&["vite build", "react-scripts build"]) || token(&["vite", "create-react-app", "gatsby", "hugo", "jekyll", "eleventy", "docusaurus"]) {
        Some(Frontend::Static)
    } else {
        None
    }
}
