//! Detached Ed25519 signatures of vendor manifests, checked against keys the hospital has
//! pinned (`provestein vendor trust KEYFILE`). A manifest is verified, unsigned, or signed but
//! not verified by any pinned key (tampered, or a key nobody pinned); all three are reported.
//!
//! Files are plain text, one value per line after `#` comments:
//! * public key: `ed25519-public <64 hex digits>`
//! * secret key (vendors only; the demo's is labelled DEMO): `ed25519-secret <64 hex digits>`
//! * signature, `<manifest>.sig` beside the manifest: `ed25519-signature <128 hex digits>`
//!
//! Pinned keys live in `$PROVESTEIN_TRUST_DIR`, else `<data dir>/provestein/trusted-vendors/`.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// The signature verifies with this pinned key (its file name).
    Verified { key: String },
    /// No `.sig` file beside the manifest.
    Unsigned,
    /// A signature that no pinned key verifies: the manifest was changed after signing, or it
    /// was signed with a key this hospital has not pinned.
    NotVerified { pinned_keys: usize },
    /// The `.sig` file cannot be read as a signature.
    Malformed { message: String },
}

impl Status {
    pub fn describe(&self) -> String {
        match self {
            Status::Verified { key } => format!("signed, and the signature verifies with the pinned vendor key \"{key}\""),
            Status::Unsigned => "not signed: nothing shows that this manifest is the vendor's, unchanged".into(),
            Status::NotVerified { pinned_keys: 0 } => "signed, but no vendor key is pinned here, so it cannot be verified: pin the vendor's public key with `provestein vendor trust KEYFILE`".into(),
            Status::NotVerified { pinned_keys } => format!("signed, but the signature does NOT verify with any of the {pinned_keys} pinned vendor keys: the manifest was changed after signing, or signed with another key"),
            Status::Malformed { message } => format!("the signature file cannot be read: {message}"),
        }
    }

    pub fn is_verified(&self) -> bool {
        matches!(self, Status::Verified { .. })
    }
}

/// Where pinned vendor keys are kept.
pub fn trust_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("PROVESTEIN_TRUST_DIR") {
        return PathBuf::from(p);
    }
    crate::history::location::default_path()
        .parent()
        .map(|d| d.join("trusted-vendors"))
        .unwrap_or_else(|| PathBuf::from("trusted-vendors"))
}

/// The signature file of a manifest: `manifest.toml.sig`.
pub fn sig_path(manifest: &Path) -> PathBuf {
    let mut s = manifest.as_os_str().to_owned();
    s.push(".sig");
    PathBuf::from(s)
}

/// The status of `bytes` (the manifest file's exact content) against the pinned keys.
pub fn check(manifest: &Path, bytes: &[u8]) -> Status {
    let sig_file = sig_path(manifest);
    let Ok(text) = std::fs::read_to_string(&sig_file) else {
        return Status::Unsigned;
    };
    let sig = match value(&text, "ed25519-signature", 64) {
        Ok(b) => Signature::from_bytes(&b.try_into().expect("64 bytes")),
        Err(message) => return Status::Malformed { message },
    };
    let keys = pinned_keys();
    for (name, key) in &keys {
        if key.verify(bytes, &sig).is_ok() {
            return Status::Verified { key: name.clone() };
        }
    }
    Status::NotVerified {
        pinned_keys: keys.len(),
    }
}

fn pinned_keys() -> Vec<(String, VerifyingKey)> {
    let Ok(dir) = std::fs::read_dir(trust_dir()) else {
        return Vec::new();
    };
    let mut keys: Vec<(String, VerifyingKey)> = dir
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            let key = read_public(&text).ok()?;
            let name = e.path().file_stem()?.to_string_lossy().into_owned();
            Some((name, key))
        })
        .collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    keys
}

/// The hex value after `tag` on the first line that is not a comment.
fn value(text: &str, tag: &str, len: usize) -> std::result::Result<Vec<u8>, String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| format!("no \"{tag}\" line"))?;
    let hex = line
        .strip_prefix(tag)
        .map(str::trim)
        .ok_or_else(|| format!("expected a line starting \"{tag}\""))?;
    if hex.len() != 2 * len || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("\"{tag}\" needs {} hex digits", 2 * len));
    }
    Ok((0..len)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex"))
        .collect())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn read_public(text: &str) -> std::result::Result<VerifyingKey, String> {
    let b = value(text, "ed25519-public", 32)?;
    VerifyingKey::from_bytes(&b.try_into().expect("32 bytes")).map_err(|e| e.to_string())
}

/// Pins a vendor's public key: copies it into the trust folder as `<name>.pub`.
pub fn trust(key_file: &Path, name: Option<&str>) -> Result<PathBuf> {
    let text = crate::user_file::read_to_string(key_file, "vendor public key")?;
    read_public(&text).map_err(|message| Error::Manifest {
        path: key_file.to_path_buf(),
        message: format!("not a vendor public key ({message})"),
    })?;
    let name = name
        .map(str::to_string)
        .or_else(|| {
            key_file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "vendor".into());
    let dir = trust_dir();
    let to = dir.join(format!("{name}.pub"));
    std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&to, text))
        .map_err(|source| Error::Write {
            path: to.clone(),
            source,
        })?;
    Ok(to)
}

/// A new key pair from the operating system's random source, as (public, secret) file texts.
pub fn keygen(label: &str) -> Result<(String, String)> {
    let mut seed = [0u8; 32];
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut seed))
        .map_err(|source| Error::Read {
            what: "random source",
            path: "/dev/urandom".into(),
            source,
        })?;
    let key = SigningKey::from_bytes(&seed);
    let public = format!(
        "# {label}: Ed25519 public key (pin it with `provestein vendor trust`)\ned25519-public {}\n",
        hex(key.verifying_key().as_bytes())
    );
    let secret = format!(
        "# {label}: Ed25519 SECRET key. Keep it to the vendor; it signs manifests.\ned25519-secret {}\n",
        hex(&seed)
    );
    Ok((public, secret))
}

/// Signs a manifest file with a secret key file; writes `<manifest>.sig` and returns its path.
pub fn sign(manifest: &Path, secret_file: &Path) -> Result<PathBuf> {
    let read = |p: &Path, what| crate::user_file::read(p, what);
    let bytes = read(manifest, "vendor manifest")?;
    let secret = String::from_utf8_lossy(&read(secret_file, "secret key")?).into_owned();
    let seed = value(&secret, "ed25519-secret", 32).map_err(|message| Error::Manifest {
        path: secret_file.to_path_buf(),
        message,
    })?;
    let key = SigningKey::from_bytes(&seed.try_into().expect("32 bytes"));
    let sig = key.sign(&bytes);
    let out = sig_path(manifest);
    std::fs::write(
        &out,
        format!(
            "# Ed25519 signature of {}\ned25519-signature {}\n",
            manifest
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            hex(&sig.to_bytes())
        ),
    )
    .map_err(|source| Error::Write {
        path: out.clone(),
        source,
    })?;
    Ok(out)
}
