//! Where an image sits in the patient: the plane of one slice, from Image Position (Patient),
//! Image Orientation (Patient), Pixel Spacing, Rows and Columns. Contours (RTSTRUCT) and
//! segment frames (SEG) are given in patient millimetres; this turns them into pixel
//! coordinates of the image they belong to, and back.
//!
//! Convention (PS3.3 C.7.6.2.1.1): Image Position (Patient) is the *centre* of the first pixel,
//! so pixel (column 0, row 0) is at the origin and pixel centres sit on integer coordinates.
//! The first direction cosine of Image Orientation runs along a row (columns increase), the
//! second down a column (rows increase); Pixel Spacing is (between rows, between columns).

use dicom_object::InMemDicomObject;

/// Largest Rows × Columns accepted for a plane: a mask of this many pixels is allocated.
pub const MAX_PLANE_PIXELS: u64 = 1 << 26;

/// How far (cosine) the two direction cosines may be from unit length and orthogonal.
const COSINE_TOLERANCE: f64 = 1e-3;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GeometryError {
    #[error(
        "the image has no {0}: its position in the patient is unknown; export the series with its geometry"
    )]
    Missing(&'static str),
    #[error("{keyword} is unusable ({detail})")]
    BadValue {
        keyword: &'static str,
        detail: String,
    },
    #[error("Rows × Columns = {rows} × {columns} is above the limit of {MAX_PLANE_PIXELS} pixels")]
    TooLarge { rows: u32, columns: u32 },
}

/// One image's plane in patient coordinates (mm).
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    /// Centre of the first pixel (Image Position (Patient)).
    pub origin: [f64; 3],
    /// Unit vector along a row: the direction in which the column index grows.
    pub row_direction: [f64; 3],
    /// Unit vector down a column: the direction in which the row index grows.
    pub column_direction: [f64; 3],
    /// `row_direction × column_direction`: the slice normal.
    pub normal: [f64; 3],
    /// Distance between the centres of adjacent rows (Pixel Spacing, first value).
    pub row_spacing: f64,
    /// Distance between the centres of adjacent columns (Pixel Spacing, second value).
    pub column_spacing: f64,
    pub rows: u32,
    pub columns: u32,
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

impl Plane {
    /// A plane from the header values, checked: finite numbers, positive spacing, direction
    /// cosines of unit length and orthogonal (within 1e-3), a size within [`MAX_PLANE_PIXELS`].
    pub fn new(
        position: [f64; 3],
        orientation: [f64; 6],
        spacing: [f64; 2],
        rows: u32,
        columns: u32,
    ) -> Result<Plane, GeometryError> {
        let bad = |keyword, detail: &str| GeometryError::BadValue {
            keyword,
            detail: detail.to_string(),
        };
        if position.iter().any(|v| !v.is_finite()) {
            return Err(bad(
                "ImagePositionPatient",
                "a value is not a finite number",
            ));
        }
        if orientation.iter().any(|v| !v.is_finite()) {
            return Err(bad(
                "ImageOrientationPatient",
                "a value is not a finite number",
            ));
        }
        if spacing.iter().any(|v| !v.is_finite() || *v <= 0.0) {
            return Err(bad(
                "PixelSpacing",
                "each value must be a positive number of mm",
            ));
        }
        if rows == 0 || columns == 0 {
            return Err(bad("Rows/Columns", "the image has no pixels"));
        }
        if u64::from(rows) * u64::from(columns) > MAX_PLANE_PIXELS {
            return Err(GeometryError::TooLarge { rows, columns });
        }
        let r = [orientation[0], orientation[1], orientation[2]];
        let c = [orientation[3], orientation[4], orientation[5]];
        if (dot(r, r).sqrt() - 1.0).abs() > COSINE_TOLERANCE
            || (dot(c, c).sqrt() - 1.0).abs() > COSINE_TOLERANCE
            || dot(r, c).abs() > COSINE_TOLERANCE
        {
            return Err(bad(
                "ImageOrientationPatient",
                "the direction cosines are not two orthogonal unit vectors",
            ));
        }
        Ok(Plane {
            origin: position,
            row_direction: r,
            column_direction: c,
            normal: cross(r, c),
            row_spacing: spacing[0],
            column_spacing: spacing[1],
            rows,
            columns,
        })
    }

    /// The plane of an image read by dicom-object (its header is enough).
    pub fn from_object(obj: &InMemDicomObject) -> Result<Plane, GeometryError> {
        let floats = |keyword: &'static str, n: usize| -> Result<Vec<f64>, GeometryError> {
            let element = obj
                .element_by_name_opt(keyword)
                .ok()
                .flatten()
                .ok_or(GeometryError::Missing(keyword))?;
            let values = element
                .to_multi_float64()
                .map_err(|_| GeometryError::BadValue {
                    keyword,
                    detail: "not a list of numbers".into(),
                })?;
            if values.len() != n {
                return Err(GeometryError::BadValue {
                    keyword,
                    detail: format!("{} values where {n} are expected", values.len()),
                });
            }
            Ok(values)
        };
        let integer = |keyword: &'static str| -> Result<u32, GeometryError> {
            obj.element_by_name_opt(keyword)
                .ok()
                .flatten()
                .ok_or(GeometryError::Missing(keyword))?
                .to_int::<u32>()
                .map_err(|_| GeometryError::BadValue {
                    keyword,
                    detail: "not a whole number".into(),
                })
        };
        let p = floats("ImagePositionPatient", 3)?;
        let o = floats("ImageOrientationPatient", 6)?;
        let s = floats("PixelSpacing", 2)?;
        Plane::new(
            [p[0], p[1], p[2]],
            [o[0], o[1], o[2], o[3], o[4], o[5]],
            [s[0], s[1]],
            integer("Rows")?,
            integer("Columns")?,
        )
    }

    /// Patient point (mm) → (column, row, distance from the plane along the normal in mm).
    /// Pixel centres are at integer (column, row).
    pub fn to_pixel(&self, point: [f64; 3]) -> (f64, f64, f64) {
        let d = sub(point, self.origin);
        (
            dot(d, self.row_direction) / self.column_spacing,
            dot(d, self.column_direction) / self.row_spacing,
            dot(d, self.normal),
        )
    }

    /// (column, row) → the patient point (mm) on the plane.
    pub fn to_patient(&self, column: f64, row: f64) -> [f64; 3] {
        let a = column * self.column_spacing;
        let b = row * self.row_spacing;
        std::array::from_fn(|i| {
            self.origin[i] + a * self.row_direction[i] + b * self.column_direction[i]
        })
    }

    /// The slice position: Image Position (Patient) along the normal (mm).
    pub fn position(&self) -> f64 {
        dot(self.origin, self.normal)
    }

    /// A point's position along this plane's normal (mm), comparable with [`Plane::position`].
    pub fn position_of(&self, point: [f64; 3]) -> f64 {
        dot(point, self.normal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AXIAL: [f64; 6] = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0];

    #[test]
    fn first_pixel_centre_is_the_image_position() {
        let p = Plane::new([-250.0, -250.0, 10.0], AXIAL, [0.5, 0.8], 512, 256).unwrap();
        assert_eq!(p.to_pixel([-250.0, -250.0, 10.0]), (0.0, 0.0, 0.0));
        // One column spacing along x is one column; one row spacing along y is one row.
        let (c, r, d) = p.to_pixel([-250.0 + 0.8 * 3.0, -250.0 + 0.5 * 7.0, 12.0]);
        assert!((c - 3.0).abs() < 1e-12 && (r - 7.0).abs() < 1e-12 && (d - 2.0).abs() < 1e-12);
        assert_eq!(p.position(), 10.0);
    }

    #[test]
    fn pixel_and_patient_round_trip_on_an_oblique_plane() {
        let s = std::f64::consts::FRAC_1_SQRT_2;
        let p = Plane::new(
            [1.0, 2.0, 3.0],
            [s, s, 0.0, 0.0, 0.0, -1.0],
            [1.5, 0.7],
            10,
            20,
        )
        .unwrap();
        let q = p.to_patient(4.25, 6.5);
        let (c, r, d) = p.to_pixel(q);
        assert!((c - 4.25).abs() < 1e-12 && (r - 6.5).abs() < 1e-12 && d.abs() < 1e-12);
    }

    #[test]
    fn bad_headers_are_refused_by_name() {
        let e = Plane::new([0.0; 3], AXIAL, [0.0, 1.0], 4, 4).unwrap_err();
        assert!(e.to_string().contains("PixelSpacing"), "{e}");
        let e = Plane::new([f64::NAN, 0.0, 0.0], AXIAL, [1.0, 1.0], 4, 4).unwrap_err();
        assert!(e.to_string().contains("ImagePositionPatient"), "{e}");
        let e = Plane::new([0.0; 3], [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [1.0, 1.0], 4, 4).unwrap_err();
        assert!(e.to_string().contains("ImageOrientationPatient"), "{e}");
        let e = Plane::new([0.0; 3], AXIAL, [1.0, 1.0], 1 << 16, 1 << 16).unwrap_err();
        assert!(matches!(e, GeometryError::TooLarge { .. }), "{e}");
        let e = Plane::new([0.0; 3], AXIAL, [1.0, 1.0], 0, 4).unwrap_err();
        assert!(e.to_string().contains("Rows"), "{e}");
    }
}
