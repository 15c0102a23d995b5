//! serde for figures that may be NaN ("not estimable").
//!
//! JSON has no NaN: such a figure is written as `null` and `null` is read back as NaN, so result
//! structs round-trip through report.json. (±∞, e.g. a z statistic with zero standard error, is
//! written as `null` too and read back as NaN.) Use with `#[serde(with = "nullable")]` on an
//! `f64` and `#[serde(with = "nullable::pair")]` on an `[f64; 2]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64(*v)
    } else {
        s.serialize_none()
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

pub mod pair {
    use super::*;

    pub fn serialize<S: Serializer>(v: &[f64; 2], s: S) -> Result<S::Ok, S::Error> {
        let o = |x: f64| x.is_finite().then_some(x);
        [o(v[0]), o(v[1])].serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[f64; 2], D::Error> {
        let [a, b] = <[Option<f64>; 2]>::deserialize(d)?;
        Ok([a.unwrap_or(f64::NAN), b.unwrap_or(f64::NAN)])
    }
}
