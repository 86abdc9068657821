//! Unit tests of the importer's shared steps.

use super::*;

#[test]
fn images_classify_into_kinds() {
    assert_eq!(classify("postgres:16").map(|c| c.0), Some(Kind::Postgres));
    assert_eq!(classify("pgvector/pgvector:pg16").map(|c| c.0), Some(Kind::Postgres));
    assert_eq!(classify("docker.io/library/mariadb:11").map(|c| c.0), Some(Kind::Postgres));
    assert_eq!(classify("valkey/valkey:8").map(|c| c.0), Some(Kind::Redis));
    assert_eq!(classify("minio/minio").map(|c| c.0), Some(Kind::ObjectStorage));
    assert_eq!(classify("traefik:v3").map(|c| c.0), Some(Kind::Proxy));
    assert_eq!(classify("ghcr.io/acme/app:1"), None);
}
