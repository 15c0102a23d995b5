//! Pseudonymous case ids for DICOM cohorts. A case named by its file path or a UID would carry
//! what a PACS export writes into folder and file names (PatientID, name, accession number) or
//! a UID that the confidentiality profile replaces; every output names it instead by
//! `case-` + 12 characters of HMAC-SHA256(key, original), Crockford base32 (60 bits: a
//! collision among two million cases has odds of about 2 in a million, and is refused).
//!
//! The 32-byte key is made once per installation, beside the run history
//! (`<history dir>/pseudonym.key`, mode 0600), so the same case keeps its pseudonym across runs
//! on this machine and no one without the key can recompute it from a path or UID.

use std::io::Write;
use std::path::{Path, PathBuf};

use hmac::{KeyInit, Mac};

use crate::error::{Error, Result};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The key file's name, in the history's folder.
pub const KEY_FILE: &str = "pseudonym.key";

/// Where the key lives beside a history file.
pub fn key_path_beside(history: &Path) -> PathBuf {
    history
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(KEY_FILE)
}

/// The key beside the default history (`history::default_path`).
pub fn default_key_path() -> PathBuf {
    key_path_beside(&crate::history::location::default_path())
}

/// Turns originals (paths, UIDs) into pseudonyms with this installation's key, and remembers
/// what it issued (shared by its clones) so that the local history can map them back.
#[derive(Clone)]
pub struct Pseudonymizer {
    key: [u8; 32],
    issued: std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, String>>>,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonymizer(key hidden)")
    }
}

impl Pseudonymizer {
    /// A pseudonymizer with a given key (tests).
    pub fn with_key(key: [u8; 32]) -> Self {
        Pseudonymizer {
            key,
            issued: Default::default(),
        }
    }

    /// Every (pseudonym, original) issued so far, sorted by pseudonym: for the local history
    /// only (`history::History::finish`), never for an output.
    pub fn issued(&self) -> Vec<(String, String)> {
        let map = self
            .issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.iter().map(|(p, o)| (p.clone(), o.clone())).collect()
    }

    /// Reads the key at `path`, or makes it (32 random bytes from the operating system, as 64
    /// hex digits, mode 0600) when there is none. Two processes starting at once agree: the
    /// file appears whole through a hard link that fails if another one got there first.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        let err = |message: String| Error::PseudonymKey {
            path: path.to_path_buf(),
            message,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                return parse_key(&text).map(Pseudonymizer::with_key).map_err(err);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(err(format!("cannot read it: {e}"))),
        }
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| err(format!("cannot create its folder: {e}")))?;
        let mut key = [0u8; 32];
        getrandom(&mut key).map_err(|e| err(format!("no randomness from the system: {e}")))?;
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = dir.join(format!(".{KEY_FILE}.{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut f = options.open(&tmp)?;
            f.write_all(format!("{hex}\n").as_bytes())?;
            f.sync_all()
        };
        write().map_err(|e| err(format!("cannot write it: {e}")))?;
        let linked = std::fs::hard_link(&tmp, path);
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(Pseudonymizer::with_key(key)),
            // Another process made it meanwhile: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| err(format!("cannot read it: {e}")))?;
                parse_key(&text).map(Pseudonymizer::with_key).map_err(err)
            }
            Err(e) => Err(err(format!("cannot create it: {e}"))),
        }
    }

    /// `case-` + 12 Crockford base32 characters of HMAC-SHA256(key, original).
    pub fn pseudonym(&self, original: &str) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(b"provestein case id\0");
        mac.update(original.as_bytes());
        let digest = mac.finalize().into_bytes();
        let bits = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
        let mut out = String::from("case-");
        for i in 0..12 {
            out.push(ALPHABET[((bits >> (59 - 5 * i)) & 31) as usize] as char);
        }
        self.issued
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(out.clone(), original.to_string());
        out
    }
}

impl Pseudonymizer {
    /// A keyed name for `original` in a work folder's index (`run::listing`): the first 16
    /// bytes of HMAC-SHA256(key, `domain`, original) in hex. Not recorded in `issued`: it
    /// names no case, only a file a shard looks for.
    pub fn token(&self, domain: &str, original: &str) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(domain.as_bytes());
        mac.update(b"\0");
        mac.update(original.as_bytes());
        let digest = mac.finalize().into_bytes();
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn parse_key(text: &str) -> std::result::Result<[u8; 32], String> {
    let hex = text.trim();
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    match bytes {
        Some(b) if b.len() == 32 && hex.len() == 64 => Ok(b.try_into().expect("32 bytes")),
        _ => Err(
            "is not a key (64 hex digits); it is made by Prøvestein on first use. Restore it from a backup to keep the pseudonyms of earlier runs, or remove it to start a new series"
                .into(),
        ),
    }
}

/// 32 random bytes from the operating system (no extra crate: /dev/urandom on Unix, the
/// randomness `std`'s hash maps are seeded with elsewhere).
fn getrandom(buf: &mut [u8]) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Read;
        std::fs::File::open("/dev/urandom")?.read_exact(buf)
    }
    #[cfg(not(unix))]
    {
        use std::hash::{BuildHasher, Hasher};
        for chunk in buf.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos()),
            );
            let v = h.finish().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HMAC-SHA256 as the crate computes it, checked against RFC 4231 test case 2, so the
    /// pseudonym is the published construction and not a look-alike.
    #[test]
    fn hmac_is_rfc_4231() {
        let mut mac = HmacSha256::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// The token is HMAC-SHA256 with the domain and a NUL before the original, cut to 16
    /// bytes (Python: `hmac.new(bytes([7]*32), b"provestein listed file\0" + path,
    /// sha256).hexdigest()[:32]`), and issues no pseudonym.
    #[test]
    fn tokens_are_the_documented_hmac_and_not_issued() {
        let a = Pseudonymizer::with_key([7; 32]);
        let t = a.token("provestein listed file", "DEMO-03_Demo^Patient^03/IMG1.dcm");
        assert_eq!(t, "d6cae77ef88e2fba2d97772ee610fb87");
        assert_ne!(
            t,
            a.token("provestein listed file", "DEMO-03_Demo^Patient^03/IMG2.dcm")
        );
        assert!(a.issued().is_empty());
    }

    #[test]
    fn pseudonyms_are_stable_keyed_and_short() {
        let a = Pseudonymizer::with_key([7; 32]);
        let b = Pseudonymizer::with_key([8; 32]);
        let p = a.pseudonym("DEMO-03_Demo^Patient^03/IMG1.dcm");
        assert_eq!(p, a.pseudonym("DEMO-03_Demo^Patient^03/IMG1.dcm"));
        assert_ne!(p, b.pseudonym("DEMO-03_Demo^Patient^03/IMG1.dcm"));
        assert_ne!(p, a.pseudonym("DEMO-03_Demo^Patient^03/IMG2.dcm"));
        assert_eq!(p.len(), 17);
        assert!(p.starts_with("case-"));
        assert!(
            p[5..]
                .bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        let issued = a.issued();
        assert_eq!(issued.len(), 2);
        assert!(issued.contains(&(p, "DEMO-03_Demo^Patient^03/IMG1.dcm".to_string())));
    }

    #[test]
    fn the_key_is_made_once_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/pseudonym.key");
        let a = Pseudonymizer::load_or_create(&path).unwrap();
        let b = Pseudonymizer::load_or_create(&path).unwrap();
        assert_eq!(a.pseudonym("x"), b.pseudonym("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not a key").unwrap();
        let e = Pseudonymizer::load_or_create(&path)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("pseudonym.key") && e.contains("64 hex digits"),
            "{e}"
        );
    }
}
