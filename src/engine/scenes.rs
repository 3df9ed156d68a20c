//! Scenes: the document split into consecutive runs of paragraphs.
//!
//! A reader moves through an article scene by scene, like an emakimono scroll.
//! [`Scenes::detect`] finds them in three steps, the first that applies wins:
//!
//! 1. the scene rules (`assets/scenes.toml`, or a user's file; see [`rules`]);
//! 2. headings: Markdown `#`/`##` lines and Aozora Bunko heading annotations
//!    (see [`headings`]);
//! 3. the whole text as one scene titled from its first line.
//!
//! Every paragraph belongs to exactly one scene, and a non-empty document
//! always has at least one.

pub mod headings;
pub mod rules;

use std::ops::RangeInclusive;

use super::document::{Document, short_title};

pub use rules::{RulesError, SceneRule, SceneRules};

/// How long a title taken from the text may be, in characters.
pub const TITLE_CHARS: usize = 24;

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

impl Scene {
    /// The scene's paragraphs (0-based, inclusive).
    pub fn paragraphs(&self) -> RangeInclusive<usize> {
        self.first..=self.last
    }
}

/// Where a document's scenes came from, so the reader can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SceneSource {
    /// Built by the caller with [`Scenes::new`].
    #[default]
    Given,
    /// The scene rules matched.
    Rules,
    /// Headings in the text opened the scenes.
    Headings,
    /// Nothing matched: the whole text is one scene.
    WholeText,
}

/// The scenes of a document, covering every paragraph exactly once, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scenes {
    scenes: Vec<Scene>,
    source: SceneSource,
}

impl Scenes {
    /// Wrap a list of scenes. The caller guarantees they are consecutive and
    /// cover every paragraph.
    pub fn new(scenes: Vec<Scene>) -> Self {
        Scenes { scenes, source: SceneSource::Given }
    }

    /// The scenes of `doc`: from `rules` when enough of them match, else from
    /// headings, else the whole text as one scene. Empty only for an empty
    /// document.
    pub fn detect(doc: &Document, rules: &SceneRules) -> Self {
        if let Some(scenes) = Self::from_rules(doc, rules) {
            return scenes;
        }
        if let Some(scenes) = Self::from_headings(doc) {
            return scenes;
        }
        Self::single(doc)
    }

    /// The scenes `rules` give, or `None` when fewer than the rules' minimum
    /// match (see [`SceneRules`] for the semantics).
    pub fn from_rules(doc: &Document, rules: &SceneRules) -> Option<Self> {
        let openings = rules.openings(doc)?;
        let scenes = openings
            .iter()
            .map(|&(rule, first)| {
                let rule = &rules.rules()[rule];
                (first, rule.id.clone(), rule.title.clone(), rule.title_en.clone())
            })
            .collect();
        Some(Self::from_openings(doc, scenes, SceneSource::Rules))
    }

    /// Scenes opened by the headings in `doc`, or `None` when it has none.
    /// The paragraphs before the first heading form an opening scene titled
    /// from the first line.
    pub fn from_headings(doc: &Document) -> Option<Self> {
        let found = headings::find_headings(doc);
        if found.is_empty() {
            return None;
        }
        let mut openings = Vec::with_capacity(found.len() + 1);
        if found[0].paragraph > 0 {
            openings.push((0, String::new(), first_line_title(doc), None));
        }
        for heading in found {
            openings.push((heading.paragraph, String::new(), heading.title, None));
        }
        let mut scenes = Self::from_openings(doc, openings, SceneSource::Headings);
        for (i, scene) in scenes.scenes.iter_mut().enumerate() {
            scene.id = format!("scene-{}", i + 1);
        }
        Some(scenes)
    }

    /// The whole document as one scene titled from its first line (none for
    /// an empty document).
    pub fn single(doc: &Document) -> Self {
        if doc.is_empty() {
            return Scenes::default();
        }
        Scenes {
            scenes: vec![Scene {
                id: "scene-1".into(),
                title: first_line_title(doc),
                title_en: None,
                first: 0,
                last: doc.paragraph_count() - 1,
            }],
            source: SceneSource::WholeText,
        }
    }

    /// Scenes from strictly increasing opening paragraphs: the first scene
    /// starts at paragraph 0 whatever its opening, each runs up to the next.
    fn from_openings(
        doc: &Document,
        openings: Vec<(usize, String, String, Option<String>)>,
        source: SceneSource,
    ) -> Self {
        let mut next_firsts: Vec<usize> = openings.iter().skip(1).map(|o| o.0).collect();
        next_firsts.push(doc.paragraph_count());
        let scenes = openings
            .into_iter()
            .zip(next_firsts)
            .enumerate()
            .map(|(i, ((first, id, title, title_en), next))| Scene {
                id,
                title,
                title_en,
                first: if i == 0 { 0 } else { first },
                last: next - 1,
            })
            .collect();
        Scenes { scenes, source }
    }

    /// All scenes in order.
    pub fn as_slice(&self) -> &[Scene] {
        &self.scenes
    }

    /// Scene `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&Scene> {
        self.scenes.get(index)
    }

    /// How many scenes there are.
    pub fn len(&self) -> usize {
        self.scenes.len()
    }

    /// Whether there are no scenes (only for an empty document).
    pub fn is_empty(&self) -> bool {
        self.scenes.is_empty()
    }

    /// Where the scenes came from.
    pub fn source(&self) -> SceneSource {
        self.source
    }

    /// The index of the scene containing paragraph `paragraph`.
    pub fn scene_of(&self, paragraph: usize) -> usize {
        self.scenes.partition_point(|s| s.last < paragraph).min(self.scenes.len().saturating_sub(1))
    }
}

/// A title from the document's first line, without Aozora ruby and
/// annotations (`吾輩《わがはい》は猫である` → `吾輩は猫である`) unless they are
/// all there is.
fn first_line_title(doc: &Document) -> String {
    let first = doc.paragraph(0);
    let plain = headings::strip_markup(first);
    short_title(if plain.trim().is_empty() { first } else { &plain }, TITLE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::from_text(text).unwrap()
    }

    /// `(id, title, title_en, first, last)` with 1-based paragraph numbers.
    fn table(scenes: &Scenes) -> Vec<(String, String, Option<String>, usize, usize)> {
        scenes
            .as_slice()
            .iter()
            .map(|s| (s.id.clone(), s.title.clone(), s.title_en.clone(), s.first + 1, s.last + 1))
            .collect()
    }

    fn assert_covers(scenes: &Scenes, doc: &Document) {
        let mut next = 0;
        for scene in scenes.as_slice() {
            assert_eq!(scene.first, next, "{scenes:?}");
            assert!(scene.last >= scene.first);
            next = scene.last + 1;
        }
        assert_eq!(next, doc.paragraph_count());
    }

    #[test]
    fn titles_from_the_first_line_leave_out_ruby_and_annotations() {
        let d = doc("吾輩《わがはい》は猫である［＃「猫」に傍点］\n名前はまだ無い。\n");
        assert_eq!(Scenes::single(&d).as_slice()[0].title, "吾輩は猫である");
        let d = doc("序《じょ》\n本文\n# 第一章\n本文\n");
        assert_eq!(Scenes::from_headings(&d).unwrap().as_slice()[0].title, "序");
        let d = doc("［＃改ページ］\n本文\n");
        assert_eq!(Scenes::single(&d).as_slice()[0].title, "［＃改ページ］", "markup alone is kept");
    }

    #[test]
    fn the_embedded_article_has_the_six_scenes_of_the_issue() {
        let doc = doc(crate::EMBEDDED_ARTICLE);
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let expected = [
            ("arrival", "到着", "Arrival", 1, 2),
            ("ceremony", "歓迎式典", "Ceremony", 3, 4),
            ("small-talks", "小規模会談", "Small talks", 5, 7),
            ("broad-talks", "拡大会談", "Broad talks", 8, 12),
            ("signing", "署名", "Signing", 13, 13),
            ("banquet", "晩餐会", "Banquet", 14, 15),
        ]
        .map(|(id, ja, en, first, last)| (id.to_owned(), ja.to_owned(), Some(en.to_owned()), first, last));
        assert_eq!(table(&scenes), expected);
        assert_eq!(scenes.source(), SceneSource::Rules);
        assert_covers(&scenes, &doc);
    }

    #[test]
    fn scene_of_finds_the_containing_scene() {
        let doc = doc(crate::EMBEDDED_ARTICLE);
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let of: Vec<usize> = (0..doc.paragraph_count()).map(|p| scenes.scene_of(p)).collect();
        assert_eq!(of, [0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 5, 5]);
    }

    #[test]
    fn a_stray_cue_does_not_make_a_text_one_rule_scene() {
        let doc = doc("彼は書類に署名した。\n翌朝は雨だった。\n二人は黙って歩いた。\n");
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert_eq!(scenes.source(), SceneSource::WholeText);
        assert_eq!(table(&scenes), [("scene-1".into(), "彼は書類に署名した。".into(), None, 1, 3)]);
    }

    #[test]
    fn the_edogawa_novel_falls_back_to_its_aozora_headings() {
        let text = include_str!("../../tests/data/edogawa_shinri-shiken.utf8.txt");
        let doc = doc(text);
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert_eq!(scenes.source(), SceneSource::Headings);
        let titles: Vec<&str> = scenes.as_slice().iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["心理試験", "一", "二", "三", "四", "五", "六"]);
        let ids: Vec<&str> = scenes.as_slice().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["scene-1", "scene-2", "scene-3", "scene-4", "scene-5", "scene-6", "scene-7"]);
        assert!(doc.paragraph(scenes.as_slice()[1].first).contains("［＃「一」は中見出し］"));
        assert_covers(&scenes, &doc);
    }

    #[test]
    fn markdown_headings_open_scenes_after_an_opening_scene() {
        let doc = doc("前書き\n\n# 第一章\n本文一\n## 第二節 ##\n本文二\n### 小見出しは開かない\n");
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert_eq!(
            table(&scenes),
            [
                ("scene-1".into(), "前書き".into(), None, 1, 1),
                ("scene-2".into(), "第一章".into(), None, 2, 3),
                ("scene-3".into(), "第二節".into(), None, 4, 6),
            ]
        );
    }

    #[test]
    fn a_heading_on_the_first_line_needs_no_opening_scene() {
        let doc = doc("# Title\nbody\n");
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert_eq!(table(&scenes), [("scene-1".into(), "Title".into(), None, 1, 2)]);
    }

    #[test]
    fn a_text_without_rules_or_headings_is_one_scene() {
        let doc = doc("\u{3000}ある日のこと、とても長い一行目がここにあって、題名には長すぎる。\n二行目\n");
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert_eq!(scenes.len(), 1);
        assert_eq!(scenes.as_slice()[0].title, "ある日のこと、とても長い一行目がここにあって、…");
        assert_eq!(scenes.as_slice()[0].title.chars().count(), TITLE_CHARS);
        assert_covers(&scenes, &doc);
    }

    #[test]
    fn an_empty_document_has_no_scenes() {
        let doc = doc("\n\n");
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert!(scenes.is_empty());
        assert_eq!(scenes.scene_of(0), 0);
    }
}
