//! The layers prices come from: a base (the embedded books, or `--pricing` folders,
//! a later folder's book replacing an earlier one's), the fetched books of the
//! user's data folder, then overlays in the order given (`HOSTCAST_OVERLAY`, then
//! `--overlay`). [`Provenance`] remembers where each book came from and which
//! prices an overlay replaced, so every output can show the list price beside
//! the price used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::overlay::{Adjustment, ListPrice};
use super::{Prices, SourceRef};
use crate::error::Diagnostic;

/// Where a book came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Origin {
    /// `embedded`, `folder` or `fetched`.
    pub kind: String,
    /// The shown path of the book file.
    pub path: String,
    /// Overlay files applied on it, in order.
    pub overlays: Vec<String>,
    /// SHA-256 of the book file's bytes.
    pub sha256: String,
}

impl Origin {
    /// The origin of a book read from `shown` (an `embedded:` path or a folder's file).
    pub fn of(shown: &str, sha256: String) -> Origin {
        let kind = if shown.starts_with(super::embedded::PREFIX) { "embedded" } else { "folder" };
        Origin { kind: kind.into(), path: shown.into(), overlays: Vec::new(), sha256 }
    }

    /// `embedded`, `folder`, `fetched`, with `+ N overlay(s)`.
    pub fn label(&self) -> String {
        match self.overlays.len() {
            0 => self.kind.clone(),
            n => format!("{} + {n} overlay{}: {}", self.kind, if n == 1 { "" } else { "s" }, self.overlays.join(", ")),
        }
    }
}

/// What the layers did: each book's origin, the replaced prices, the adjustments.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// Provider id → origin.
    pub origin: BTreeMap<String, Origin>,
    /// (provider, `table.entry`) → the list price an overlay replaced.
    pub replaced: BTreeMap<(String, String), ListPrice>,
    /// Provider id → discounts, credits and markups stated by overlays.
    pub adjustments: BTreeMap<String, Vec<Adjustment>>,
    /// The overlay files applied, in order, with their SHA-256.
    pub overlay_files: Vec<crate::provenance::FileHash>,
}

impl Provenance {
    /// Marks a source whose entry an overlay replaced: the overlay becomes its book,
    /// the list price is kept and the detail says so.
    pub fn mark_replaced(&self, provider: &str, source: &mut SourceRef) {
        let key = source.entry.split(" × ").next().unwrap_or_default().to_string();
        let Some(list) = self.replaced.get(&(provider.to_string(), key)) else { return };
        let said = format!("list price {} in {}#{} replaced by {}", crate::money::quantity(list.price), list.book, list.entry, list.overlay);
        source.quoted = Some(match source.quoted.take() {
            Some(q) => format!("{q}; {said}"),
            None => said,
        });
        source.book = list.overlay.clone();
        source.list = Some(list.clone());
    }
}

/// The layers to load, from the command line and the environment.
#[derive(Debug, Clone, Default)]
pub struct Layers {
    /// `--pricing` folders (empty: the embedded books).
    pub pricing: Vec<PathBuf>,
    /// The folder of fetched books, when it exists.
    pub fetched: Option<PathBuf>,
    /// Overlay files or folders, lowest first.
    pub overlays: Vec<PathBuf>,
}

impl Layers {
    /// The layers in words: `embedded books + overlay ops/fly.toml`.
    pub fn describe(&self) -> String {
        let base = if self.pricing.is_empty() {
            "embedded books".to_string()
        } else {
            format!("books of {}", self.pricing.iter().map(|p| super::shown_path(p)).collect::<Vec<_>>().join(", "))
        };
        let over: Vec<String> = self.overlays.iter().map(|p| format!(" + overlay {}", super::shown_path(p))).collect();
        format!("{base}{}", over.concat())
    }

    /// Loads every layer in order; any invalid book or overlay stops with its diagnostic.
    pub fn load(&self) -> Result<Prices, Diagnostic> {
        let mut prices = if self.pricing.is_empty() { Prices::embedded()? } else { Prices::empty() };
        for dir in &self.pricing {
            prices.replace_with(Prices::load_dir(dir)?, "folder");
        }
        if let Some(dir) = self.fetched.as_deref().filter(|d| has_books(d)) {
            prices.replace_with(Prices::load_dir(dir)?, "fetched");
        }
        // each overlay file once: laid twice, its adjustments would count twice
        let mut laid: BTreeMap<PathBuf, (PathBuf, PathBuf)> = BTreeMap::new();
        for path in &self.overlays {
            for file in overlay_files(path)? {
                if let Ok(same) = fs_err::canonicalize(&file) {
                    if let Some((first, named)) = laid.get(&same) {
                        return Err(twice(&file, path, first, named));
                    }
                    laid.insert(same, (file.clone(), path.clone()));
                }
                let text = crate::limits::read_text(&file, "the overlay")?;
                prices.apply_overlay(&file, &text)?;
            }
        }
        Ok(prices)
    }
}

/// The error for overlay `file` (named as `named`: the file, or its folder) when it
/// was laid already as `first` (named as `first_named`).
fn twice(file: &Path, named: &Path, first: &Path, first_named: &Path) -> Diagnostic {
    let shown = |f: &Path, n: &Path| {
        if f == n { format!("`{}`", super::shown_path(f)) } else { format!("`{}` (in `{}`)", super::shown_path(f), super::shown_path(n)) }
    };
    Diagnostic::file(file, format!("this overlay is named twice: {} is the file {} already laid", shown(file, named), shown(first, first_named))).with_help(
        "name each overlay once, in the scenario's `overlays`, `HOSTCAST_OVERLAY` or `--overlay`: laid twice, its discounts and credits would count twice",
    )
}

/// The user's data folder of fetched books: `$XDG_DATA_HOME/hostcast/pricing`, else
/// `$HOME/.local/share/hostcast/pricing`.
pub fn data_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = xdg.or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("hostcast").join("pricing"))
}

/// The overlays named by `HOSTCAST_OVERLAY` (a path list, `:`-separated on Unix).
pub fn env_overlays() -> Vec<PathBuf> {
    std::env::var_os("HOSTCAST_OVERLAY").map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect()).unwrap_or_default()
}

fn has_books(dir: &Path) -> bool {
    fs_err::read_dir(dir).is_ok_and(|mut r| r.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml"))))
}

/// A file, or the `*.toml` files of a folder in name order.
fn overlay_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = fs_err::read_dir(path).map_err(|e| Diagnostic::file(path, format!("cannot read the overlay folder: {e}")))?;
    let mut files: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml")).collect();
    files.sort();
    Ok(files)
}

impl Prices {
    /// No books at all.
    pub fn empty() -> Prices {
        Prices { books: BTreeMap::new(), date: None, layers: Provenance::default() }
    }

    /// Puts every book of `other` in place of this set's book of the same provider.
    pub fn replace_with(&mut self, other: Prices, kind: &str) {
        for (provider, (path, book)) in other.books {
            let sha256 = other.layers.origin.get(&provider).map(|o| o.sha256.clone()).unwrap_or_default();
            self.layers.origin.insert(provider.clone(), Origin { kind: kind.into(), path: path.clone(), overlays: Vec::new(), sha256 });
            self.layers.overlay_files.retain(|o| o.provider != provider);
            self.layers.replaced.retain(|(p, _), _| p != &provider);
            self.books.insert(provider, (path, book));
        }
    }

    /// How a run over these books was made: every book's path and SHA-256 and the
    /// overlays applied (see [`crate::provenance`]).
    pub fn provenance(&self) -> crate::provenance::Provenance {
        let books = self
            .books
            .iter()
            .map(|(provider, (path, _))| crate::provenance::FileHash {
                provider: provider.clone(),
                path: path.clone(),
                sha256: self.layers.origin.get(provider).map(|o| o.sha256.clone()).unwrap_or_default(),
            })
            .collect();
        crate::provenance::Provenance::new(books, self.layers.overlay_files.clone())
    }

    /// Where a provider's book came from.
    pub fn origin(&self, provider: &str) -> Option<&Origin> {
        self.layers.origin.get(provider)
    }
}
