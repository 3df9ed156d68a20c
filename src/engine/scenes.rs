//! Scenes: the document split into consecutive runs of paragraphs.
//!
//! PLACEHOLDER: the rules from `assets/scenes.toml` and the heading fallback
//! come with the foundation issue; for now the whole text is one scene.

use super::document::{Document, short_title};

/// One scene: a titled, non-empty run of paragraphs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Scene {
    /// Stable identifier from the rule (`arrival`), or `scene-N` when derived.
    pub id: String,
    /// Japanese (or the document's own) title.
    pub title: String,
    /// English title, when the rule gives one.
    pub title_en: Option<String>,
    /// First paragraph (0-based index, inclusive).
    pub first: usize,
    /// Last paragraph (0-based index, inclusive).
    pub last: usize,
}

/// The scenes of a document, covering every paragraph exactly once, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scenes {
    scenes: Vec<Scene>,
}

impl Scenes {
    /// Wrap a list of scenes. The caller guarantees they are consecutive and
    /// cover every paragraph.
    pub fn new(scenes: Vec<Scene>) -> Self {
        Scenes { scenes }
    }

    /// The whole document as one scene titled from its first line (none for
    /// an empty document).
    pub fn single(doc: &Document) -> Self {
        if doc.is_empty() {
            return Scenes::default();
        }
        Scenes::new(vec![Scene {
            id: "scene-1".into(),
            title: short_title(doc.paragraph(0), 24),
            title_en: None,
            first: 0,
            last: doc.paragraph_count() - 1,
        }])
    }

    /// All scenes in order.
    pub fn as_slice(&self) -> &[Scene] {
        &self.scenes
    }

    /// How many scenes there are.
    pub fn len(&self) -> usize {
        self.scenes.len()
    }

    /// Whether there are no scenes (only for an empty document).
    pub fn is_empty(&self) -> bool {
        self.scenes.is_empty()
    }

    /// The index of the scene containing paragraph `paragraph`.
    pub fn scene_of(&self, paragraph: usize) -> usize {
        self.scenes
            .partition_point(|s| s.last < paragraph)
            .min(self.scenes.len().saturating_sub(1))
    }
}
