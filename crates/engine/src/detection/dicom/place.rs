//! Where the cohort's images lie: each image's plane read from its header once, when a SEG,
//! an SR region or a 3-D point needs it, and the image a SCOORD3D point lies on.
//!
//! A SCOORD3D point (patient mm, in a frame of reference) lies on the image of that frame of
//! reference whose plane is nearest to it along the plane's normal, provided the distance is at
//! most half the slice spacing of the image's series (the median gap between its slices; for a
//! series of one image, half its SliceThickness, or 0.5 mm without one) and the point falls
//! within the image's pixels (half a pixel of margin). Otherwise it lies on no image of the
//! cohort and is counted as without position.

use std::collections::{BTreeMap, HashMap};

use provestein_dicom::joins::{ImagePlace, image_place};
use provestein_dicom::lesions::SliceImage;

use crate::cohort::dicom::Header;

/// An image a point lies on: the header's index, and the image's place.
type OnImage = (usize, ImagePlace);

pub(super) struct Places<'a> {
    images: &'a [Header],
    by_sop: HashMap<&'a str, usize>,
    by_series: BTreeMap<&'a str, Vec<usize>>,
    planes: HashMap<usize, Result<ImagePlace, String>>,
    /// Frame of reference → (image, half the slice spacing), built at the first SCOORD3D.
    frames: Option<HashMap<String, Vec<(usize, f64)>>>,
}

impl<'a> Places<'a> {
    pub fn new(images: &'a [Header]) -> Self {
        let mut by_sop = HashMap::with_capacity(images.len());
        let mut by_series: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, h) in images.iter().enumerate() {
            by_sop.entry(h.sop_instance_uid.as_str()).or_insert(i);
            if !h.series_instance_uid.is_empty() {
                by_series
                    .entry(h.series_instance_uid.as_str())
                    .or_default()
                    .push(i);
            }
        }
        Places {
            images,
            by_sop,
            by_series,
            planes: HashMap::new(),
            frames: None,
        }
    }

    pub fn header(&self, i: usize) -> &'a Header {
        &self.images[i]
    }

    /// The image with this SOP Instance UID, if the cohort has it.
    pub fn image(&self, sop: &str) -> Option<usize> {
        self.by_sop.get(sop).copied()
    }

    pub fn has_series(&self, uid: &str) -> bool {
        self.by_series.contains_key(uid)
    }

    /// `series` (the cohort series a file names, and any found otherwise) completed, when
    /// empty, by the series of the cohort images among `sops` (the file references images but
    /// no series): sorted, each once.
    pub fn with_referenced(&self, mut series: Vec<String>, sops: &[String]) -> Vec<String> {
        if series.is_empty() {
            series = sops
                .iter()
                .filter_map(|s| self.image(s))
                .map(|i| self.header(i).series_instance_uid.clone())
                .collect();
        }
        series.sort_unstable();
        series.dedup();
        series
    }

    /// The image's place, read once; why it has none.
    pub fn place(&mut self, i: usize) -> Result<ImagePlace, String> {
        let images = self.images;
        self.planes
            .entry(i)
            .or_insert_with(|| image_place(&images[i].path).map_err(|(_, detail)| detail))
            .clone()
    }

    /// The series' images as the SEG lesion reader takes them, or why they cannot be had
    /// (an image whose geometry cannot be read: then no lesion of the series can be measured).
    pub fn slices(&mut self, series: &str) -> Result<Vec<SliceImage>, String> {
        let members = self.by_series.get(series).cloned().unwrap_or_default();
        let mut out = Vec::with_capacity(members.len());
        for (k, i) in members.into_iter().enumerate() {
            let p = self
                .place(i)
                .map_err(|why| format!("image {} of the series it references: {why}", k + 1))?;
            out.push(SliceImage {
                sop_instance_uid: p.sop_instance_uid,
                plane: p.plane,
                frame_of_reference_uid: p.frame_of_reference_uid,
            });
        }
        Ok(out)
    }

    /// The image a patient point of `frame_of_reference` lies on (see the module's rule).
    pub fn locate(&mut self, frame_of_reference: &str, point: [f64; 3]) -> Option<OnImage> {
        if self.frames.is_none() {
            self.frames = Some(self.index_frames());
        }
        let candidates = self.frames.as_ref()?.get(frame_of_reference)?.clone();
        let mut best: Option<(f64, OnImage)> = None;
        for (i, half) in candidates {
            let Ok(p) = self.place(i) else { continue };
            let (column, row, d) = p.plane.to_pixel(point);
            let inside = column >= -0.5
                && row >= -0.5
                && column <= f64::from(p.plane.columns) - 0.5
                && row <= f64::from(p.plane.rows) - 0.5;
            if !inside || d.abs() > half {
                continue;
            }
            if best.as_ref().is_none_or(|(b, _)| d.abs() < *b) {
                best = Some((d.abs(), (i, p)));
            }
        }
        best.map(|(_, on)| on)
    }

    fn index_frames(&mut self) -> HashMap<String, Vec<(usize, f64)>> {
        let mut frames: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
        let series: Vec<Vec<usize>> = self.by_series.values().cloned().collect();
        for members in series {
            let places: Vec<(usize, ImagePlace)> = members
                .iter()
                .filter_map(|&i| self.place(i).ok().map(|p| (i, p)))
                .collect();
            let Some((_, first)) = places.first() else {
                continue;
            };
            let normal = first.plane.normal;
            let along =
                |p: &ImagePlace| -> f64 { (0..3).map(|k| p.plane.origin[k] * normal[k]).sum() };
            let mut positions: Vec<f64> = places.iter().map(|(_, p)| along(p)).collect();
            positions.sort_by(f64::total_cmp);
            let mut gaps: Vec<f64> = positions
                .windows(2)
                .map(|w| w[1] - w[0])
                .filter(|g| *g > 1e-6)
                .collect();
            gaps.sort_by(f64::total_cmp);
            let spacing = match gaps.get(gaps.len() / 2) {
                Some(&g) => g,
                None => first.slice_thickness.unwrap_or(1.0),
            };
            for (i, p) in places {
                if let Some(f) = p.frame_of_reference_uid {
                    frames.entry(f).or_default().push((i, spacing / 2.0));
                }
            }
        }
        frames
    }
}
