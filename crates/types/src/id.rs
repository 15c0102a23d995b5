//! [`Id`]: a piece of text a run holds once and shares, and [`Interner`], which makes values
//! that repeat share one allocation.
//!
//! Why: a million-case run carried each case's id as its own `String` in the unit, the outcome
//! and the result (three allocations and copies per case), and each subgroup value and patient
//! key once per case although a site has a few values and a patient a few cases. An `Id` is a
//! reference-counted `str`: cloning it shares the text; it reads, compares, hashes, prints and
//! serialises as the text itself.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Shared, immutable text: a case id, a patient key, a subgroup value.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Id(Arc<str>);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Id {
        Id(Arc::from(s))
    }
}

impl From<String> for Id {
    fn from(s: String) -> Id {
        Id(Arc::from(s))
    }
}

impl From<&String> for Id {
    fn from(s: &String) -> Id {
        Id(Arc::from(s.as_str()))
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0.to_string()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        self.as_str() == &*other.0
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == &*other.0
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        String::deserialize(d).map(Id::from)
    }
}

/// Makes equal values one [`Id`]: for columns whose values repeat (subgroups, patient keys).
#[derive(Debug, Default)]
pub struct Interner {
    seen: std::collections::HashSet<Id, foldhash::fast::RandomState>,
}

impl Interner {
    /// The one `Id` for `text`, made on first sight.
    pub fn get(&mut self, text: &str) -> Id {
        if let Some(id) = self.seen.get(text) {
            return id.clone();
        }
        let id = Id::from(text);
        self.seen.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_compares_and_serialises_as_its_text() {
        let id = Id::from("c001");
        assert_eq!(id, "c001");
        assert_eq!(id.as_str(), "c001");
        assert_eq!(format!("{id} {id:?}"), "c001 \"c001\"");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"c001\"");
        let back: Id = serde_json::from_str("\"c001\"").unwrap();
        assert_eq!(back, id);
        let mut set = std::collections::HashSet::new();
        set.insert(id.clone());
        assert!(set.contains("c001"));
    }

    #[test]
    fn interned_values_share_one_allocation() {
        let mut i = Interner::default();
        let a = i.get("site A");
        let b = i.get("site A");
        let c = i.get("site B");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(c, "site B");
    }
}
