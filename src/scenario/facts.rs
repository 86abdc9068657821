//! Facts about a service that decide which platforms can host it (read against
//! `data/hosting.toml`): the front-end framework it serves pages with and the
//! language runtime of its code.

use serde::{Deserialize, Serialize};

/// A front-end framework (or a plain static build) a service serves pages with.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Frontend {
    /// Next.js.
    Nextjs,
    /// SvelteKit.
    Sveltekit,
    /// Nuxt.
    Nuxt,
    /// Remix (or React Router in framework mode).
    Remix,
    /// Astro.
    Astro,
    /// A static build (Vite, Create React App, Hugo, …) served as files.
    Static,
}

impl Frontend {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Frontend::Nextjs => "nextjs",
            Frontend::Sveltekit => "sveltekit",
            Frontend::Nuxt => "nuxt",
            Frontend::Remix => "remix",
            Frontend::Astro => "astro",
            Frontend::Static => "static",
        }
    }
}

/// The language runtime of a service.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Runtime {
    /// Node.js.
    Node,
    /// Bun.
    Bun,
    /// Deno.
    Deno,
    /// Python.
    Python,
    /// Go.
    Go,
    /// Ruby.
    Ruby,
    /// Rust.
    Rust,
    /// Java or another JVM language.
    Jvm,
    /// PHP.
    Php,
    /// Elixir / Erlang.
    Elixir,
    /// .NET.
    Dotnet,
    /// Anything else (a compiled binary, a vendor image).
    Other,
}

impl Runtime {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Node => "node",
            Runtime::Bun => "bun",
            Runtime::Deno => "deno",
            Runtime::Python => "python",
            Runtime::Go => "go",
            Runtime::Ruby => "ruby",
            Runtime::Rust => "rust",
            Runtime::Jvm => "jvm",
            Runtime::Php => "php",
            Runtime::Elixir => "elixir",
            Runtime::Dotnet => "dotnet",
            Runtime::Other => "other",
        }
    }
}
