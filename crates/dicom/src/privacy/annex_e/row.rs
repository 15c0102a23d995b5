//! The shape of a row of Table E.1-1: below the generated table (`table.rs`) that holds 620
//! of them and the look-ups in `annex_e.rs` that read them.

/// The profile's options that keep an attribute ("K" in their column of Table E.1-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keep(pub u8);

impl Keep {
    pub const NONE: Keep = Keep(0);
    pub const PATIENT_CHARACTERISTICS: Keep = Keep(1);
    pub const DEVICE_IDENTITY: Keep = Keep(2);
    pub const INSTITUTION_IDENTITY: Keep = Keep(4);
}

/// One row of Table E.1-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// (group << 16) | element; with `mask`, the bits that must match (repeating groups such as
    /// Overlay Data (60xx,3000) have zeros where the standard writes xx).
    pub tag: u32,
    pub mask: u32,
    /// The PS3.6 keyword (PatientName).
    pub keyword: &'static str,
    /// The attribute's name as the table writes it (Patient's Name).
    pub name: &'static str,
    /// The basic profile's action code (X, Z, D, U, or combinations such as X/Z/D).
    pub basic: &'static str,
    pub keep: Keep,
    /// A free-text description the Clean Descriptors Option would clean (StudyDescription…):
    /// refused as a subgroup, but its words are not identifiers in themselves.
    pub clean_descriptor: bool,
}

impl Row {
    /// True when none of the retain options above keeps this attribute.
    pub fn refused(&self) -> bool {
        self.keep == Keep::NONE
    }

    /// True when the guard collects this attribute's values: refused, and not a description.
    pub fn guarded(&self) -> bool {
        self.refused() && !self.clean_descriptor
    }
}
