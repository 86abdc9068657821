//! Writes the JSON Schemas to `schemas/` (run from the repository root):
//! `cargo run --example schemas`.

fn main() -> std::io::Result<()> {
    std::fs::create_dir_all("schemas")?;
    for (name, _) in hostcast::schema::NAMES {
        let text = hostcast::schema::text(name).unwrap_or_default();
        std::fs::write(std::path::Path::new("schemas").join(name), text)?;
        println!("schemas/{name}");
    }
    Ok(())
}
