//! Scenes: the document split into consecutive runs of paragraphs.
//!
//! A reader moves through an article scene by scene, like an emakimono scroll.
//! [`Scenes::detect`] finds them in these steps, the first that applies wins:
//!
//! 1. the scene rules (`assets/scenes.toml`, or a user's file; see [`rules`]);
//! 2. the document's own table of contents: an Aozora text's 大見出し and
//!    中見出し (小見出し when there is no larger level), an EPUB's
//!    navigation, every entry with its level;
//! 3. headings in plain text: Markdown `#`/`##` lines and raw Aozora Bunko
//!    heading annotations (see [`headings`]);
//! 4. page breaks (改ページ, 改丁);
//! 5. the chapter rules (`assets/chapters.toml`, see [`chapters`]): lines
//!    that are plainly chapter titles, and scene breaks;
//! 6. the whole text as one scene titled from its first line.
//!
//! Then a colophon (an Aozora text's 底本 and what follows) becomes the last
//! scene, `底本` / `Colophon`. Every paragraph belongs to exactly one scene,
//! and a non-empty document always has at least one.

pub mod chapters;
pub mod headings;
pub mod rules;

use std::ops::RangeInclusive;

use super::document::rich::Format;
use super::document::{Document, short_title};

pub use chapters::ChapterRules;
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
    /// The document's table of contents opened the scenes.
    Contents,
    /// Headings in the text opened the scenes.
    Headings,
    /// Page breaks opened the scenes.
    PageBreaks,
    /// Chapter titles and scene breaks opened the scenes.
    Chapters,
    /// Nothing matched: the whole text is one scene.
    WholeText,
}

/// Where a scene opens, and what it is called.
struct Opening {
    first: usize,
    id: String,
    title: String,
    title_en: Option<String>,
    level: u8,
}

impl Opening {
    fn titled(first: usize, title: String, level: u8) -> Self {
        Opening { first, id: String::new(), title, title_en: None, level }
    }
}

/// The scenes of a document, covering every paragraph exactly once, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scenes {
    scenes: Vec<Scene>,
    /// Each scene's nesting level (see [`Scenes::level`]); empty when every
    /// scene is at level 1.
    levels: Vec<u8>,
    source: SceneSource,
}

impl Scenes {
    /// Wrap a list of scenes. The caller guarantees they are consecutive and
    /// cover every paragraph.
    pub fn new(scenes: Vec<Scene>) -> Self {
        Scenes { scenes, levels: Vec::new(), source: SceneSource::Given }
    }

    /// The nesting level of scene `index` in the document's table of
    /// contents: 1 for the top, and for scenes found any other way.
    pub fn level(&self, index: usize) -> u8 {
        self.levels.get(index).copied().unwrap_or(1)
    }

    /// The scenes of `doc`: from `rules` when enough of them match, else from
    /// headings, else the whole text as one scene. Empty only for an empty
    /// document.
    pub fn detect(doc: &Document, rules: &SceneRules) -> Self {
        let mut scenes = Self::from_rules(doc, rules)
            .or_else(|| Self::from_contents(doc))
            .or_else(|| Self::from_headings(doc))
            .or_else(|| Self::from_page_breaks(doc))
            .or_else(|| Self::from_chapters(doc, ChapterRules::embedded_ref()))
            .unwrap_or_else(|| Self::single(doc));
        scenes.add_colophon(doc);
        scenes
    }

    /// Scenes opened by the document's table of contents, or `None` when it
    /// has none. An EPUB's entries all open scenes, with their levels; in
    /// other formats the two largest heading levels do (大見出し, 中見出し),
    /// or the smallest when it is the only one.
    pub fn from_contents(doc: &Document) -> Option<Self> {
        let toc = &doc.rich().toc;
        if toc.is_empty() {
            return None;
        }
        let all = doc.metadata().format == Format::Epub;
        let widest = toc.iter().map(|t| t.level).min().unwrap_or(1);
        let limit = if all { u8::MAX } else { widest.max(2) };
        let mut openings: Vec<Opening> = Vec::new();
        for entry in toc.iter().filter(|t| t.level <= limit) {
            let first = entry.paragraph as usize;
            let level = if all { entry.level } else { entry.level.saturating_sub(widest) + 1 };
            match openings.last_mut() {
                // Entries opening at the same place (a part and its first
                // chapter): one scene, named by both, at the deeper level
                // so that it sits with its siblings.
                Some(last) if last.first == first && level > last.level => {
                    last.title = short_title(&format!("{} / {}", last.title, entry.title), TITLE_CHARS);
                    last.level = level;
                }
                Some(last) if last.first >= first => {}
                _ => openings.push(Opening::titled(first, short_title(&entry.title, TITLE_CHARS), level)),
            }
        }
        Some(Self::numbered(doc, openings, SceneSource::Contents))
    }

    /// Scenes opened by page breaks (改ページ), titled with their first line,
    /// or `None` when there are none.
    pub fn from_page_breaks(doc: &Document) -> Option<Self> {
        let breaks = &doc.rich().page_breaks;
        if breaks.is_empty() {
            return None;
        }
        let openings =
            breaks.iter().map(|&p| Opening::titled(p as usize, paragraph_title(doc, p as usize), 1)).collect();
        Some(Self::numbered(doc, openings, SceneSource::PageBreaks))
    }

    /// Scenes opened by chapter titles and scene breaks (see [`chapters`]),
    /// or `None` when the rules find too few.
    pub fn from_chapters(doc: &Document, rules: &ChapterRules) -> Option<Self> {
        let markers = rules.markers(doc);
        if markers.is_empty() {
            return None;
        }
        let openings = markers
            .into_iter()
            .map(|(p, marker)| {
                let title = match marker {
                    chapters::Marker::Title => paragraph_title(doc, p),
                    chapters::Marker::Break if p + 1 < doc.paragraph_count() => paragraph_title(doc, p + 1),
                    chapters::Marker::Break => paragraph_title(doc, p),
                };
                Opening::titled(p, title, 1)
            })
            .collect();
        Some(Self::numbered(doc, openings, SceneSource::Chapters))
    }

    /// Scenes from `openings` after an opening scene for what comes before
    /// the first, titled from the document, with ids `scene-N`.
    fn numbered(doc: &Document, mut openings: Vec<Opening>, source: SceneSource) -> Self {
        if openings.first().is_some_and(|o| o.first > 0) {
            openings.insert(0, Opening::titled(0, first_line_title(doc), 1));
        }
        let mut scenes = Self::from_openings(doc, openings, source);
        for (i, scene) in scenes.scenes.iter_mut().enumerate() {
            scene.id = format!("scene-{}", i + 1);
        }
        scenes
    }

    /// Make the colophon, if the document has one, the last scene.
    fn add_colophon(&mut self, doc: &Document) {
        let Some(c) = doc.rich().colophon.map(|c| c as usize) else { return };
        if c == 0 || c >= doc.paragraph_count() {
            return;
        }
        self.scenes.retain(|s| s.first < c);
        if let Some(last) = self.scenes.last_mut() {
            last.last = c - 1;
        }
        self.levels.truncate(self.scenes.len());
        self.scenes.push(Scene {
            id: "colophon".into(),
            title: "底本".into(),
            title_en: Some("Colophon".into()),
            first: c,
            last: doc.paragraph_count() - 1,
        });
        if !self.levels.is_empty() {
            self.levels.push(1);
        }
    }

    /// The scenes `rules` give, or `None` when fewer than the rules' minimum
    /// match (see [`SceneRules`] for the semantics).
    pub fn from_rules(doc: &Document, rules: &SceneRules) -> Option<Self> {
        let openings = rules.openings(doc)?;
        let scenes = openings
            .iter()
            .map(|&(rule, first)| {
                let rule = &rules.rules()[rule];
                Opening {
                    first,
                    id: rule.id.clone(),
                    title: rule.title.clone(),
                    title_en: rule.title_en.clone(),
                    level: 1,
                }
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
        let openings = found.into_iter().map(|h| Opening::titled(h.paragraph, h.title, 1)).collect();
        Some(Self::numbered(doc, openings, SceneSource::Headings))
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
            levels: Vec::new(),
            source: SceneSource::WholeText,
        }
    }

    /// Scenes from strictly increasing opening paragraphs: the first scene
    /// starts at paragraph 0 whatever its opening, each runs up to the next.
    fn from_openings(doc: &Document, openings: Vec<Opening>, source: SceneSource) -> Self {
        let mut next_firsts: Vec<usize> = openings.iter().skip(1).map(|o| o.first).collect();
        next_firsts.push(doc.paragraph_count());
        let levels: Vec<u8> =
            if openings.iter().all(|o| o.level == 1) { Vec::new() } else { openings.iter().map(|o| o.level).collect() };
        let scenes = openings
            .into_iter()
            .zip(next_firsts)
            .enumerate()
            .map(|(i, (o, next))| Scene {
                id: o.id,
                title: o.title,
                title_en: o.title_en,
                first: if i == 0 { 0 } else { o.first },
                last: next - 1,
            })
            .collect();
        Scenes { scenes, levels, source }
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

/// The document's title (from its metadata, else its first line, without
/// Aozora ruby and annotations: `吾輩《わがはい》は猫である` → `吾輩は猫である`,
/// unless they are all there is).
fn first_line_title(doc: &Document) -> String {
    if let Some(title) = &doc.metadata().title {
        return short_title(title, TITLE_CHARS);
    }
    paragraph_title(doc, 0)
}

/// A title from paragraph `p`'s text. Raw Aozora annotations (a text read
/// as plain) are removed with the ruby around them; a plain text's own
/// `｜` and `《》` (news writes `7日（土）｜8日（日）`) stay as written.
fn paragraph_title(doc: &Document, p: usize) -> String {
    let text = doc.paragraph(p);
    if !text.contains("［＃") {
        return short_title(text, TITLE_CHARS);
    }
    let plain = headings::strip_markup(text);
    short_title(if plain.trim().is_empty() { text } else { &plain }, TITLE_CHARS)
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
    fn titles_from_the_first_line_leave_out_raw_annotations_with_their_ruby() {
        let d = doc("吾輩《わがはい》は猫である［＃「猫」に傍点］\n名前はまだ無い。\n");
        assert_eq!(Scenes::single(&d).as_slice()[0].title, "吾輩は猫である");
        let d = doc("序《じょ》\n本文\n# 第一章\n本文\n");
        assert_eq!(Scenes::from_headings(&d).unwrap().as_slice()[0].title, "序《じょ》", "as the text shows it");
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

    fn book(toc: &[(usize, u8, &str)], colophon: Option<u32>, format: Format) -> Document {
        use crate::engine::document::builder::DocumentBuilder;
        use crate::engine::document::rich::Block;
        let mut b = DocumentBuilder::new();
        b.metadata_mut().title = Some("草枕".into());
        b.metadata_mut().format = format;
        for p in 0..10 {
            b.push_str(&format!("段落{p}"));
            b.end_paragraph(Block::default());
        }
        for &(p, level, title) in toc {
            b.toc_at(p, level, title);
        }
        let mut doc = b.finish().unwrap();
        if let Some(c) = colophon {
            // The builder marks a colophon while building; set it as a reader would.
            let mut rich = doc.rich().clone();
            rich.colophon = Some(c);
            let text = doc.text().to_owned();
            let spans = (0..doc.paragraph_count())
                .map(|i| {
                    let r = doc.paragraph_range(i);
                    (r.start as u32, r.end as u32)
                })
                .collect();
            doc = Document::from_parts(text, spans, Vec::new(), rich).unwrap();
        }
        doc
    }

    #[test]
    fn the_table_of_contents_opens_scenes_and_the_colophon_is_last() {
        let doc = book(&[(2, 2, "一"), (5, 2, "二"), (6, 3, "小"), (8, 2, "三")], Some(9), Format::Aozora);
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert_eq!(scenes.source(), SceneSource::Contents);
        let rows: Vec<(&str, usize, usize)> =
            scenes.as_slice().iter().map(|s| (s.title.as_str(), s.first, s.last)).collect();
        // The smaller heading (小) does not open a scene beside larger ones.
        assert_eq!(rows, [("草枕", 0, 1), ("一", 2, 4), ("二", 5, 7), ("三", 8, 8), ("底本", 9, 9)]);
        assert_eq!(scenes.as_slice()[4].title_en.as_deref(), Some("Colophon"));
        assert_covers(&scenes, &doc);
    }

    #[test]
    fn an_epub_keeps_every_entry_with_its_level() {
        let doc = book(
            &[(0, 1, "表紙"), (1, 1, "一"), (3, 2, "一の一"), (3, 2, "同じ段落"), (6, 1, "二")],
            None,
            Format::Epub,
        );
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let rows: Vec<(&str, usize, u8)> =
            scenes.as_slice().iter().enumerate().map(|(i, s)| (s.title.as_str(), s.first, scenes.level(i))).collect();
        assert_eq!(rows, [("表紙", 0, 1), ("一", 1, 1), ("一の一", 3, 2), ("二", 6, 1)]);

        // A part without a page of its own opens where its first chapter
        // does: one scene named by both, among the chapters.
        let doc = book(&[(0, 1, "第一部"), (0, 2, "第一章"), (4, 2, "第二章")], None, Format::Epub);
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        let rows: Vec<(&str, usize, u8)> =
            scenes.as_slice().iter().enumerate().map(|(i, s)| (s.title.as_str(), s.first, scenes.level(i))).collect();
        assert_eq!(rows, [("第一部 / 第一章", 0, 2), ("第二章", 4, 2)]);
    }

    #[test]
    fn chapter_lines_and_scene_breaks_open_scenes_in_plain_text() {
        let d = doc("はじめに\n第一章　春\n本文。\n第二章　夏\n本文。\n＊＊＊\n秋の話。\n");
        let scenes = Scenes::detect(&d, &SceneRules::embedded());
        assert_eq!(scenes.source(), SceneSource::Chapters);
        let titles: Vec<&str> = scenes.as_slice().iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["はじめに", "第一章　春", "第二章　夏", "秋の話。"]);
        assert_covers(&scenes, &d);
    }

    #[test]
    fn a_plain_title_keeps_its_bars_and_brackets() {
        let d = doc("7日（土）｜8日（日）の予定《よてい》\n本文。\n");
        assert_eq!(
            Scenes::detect(&d, &SceneRules::embedded()).as_slice()[0].title,
            "7日（土）｜8日（日）の予定《よてい》"
        );
    }

    #[test]
    fn an_empty_document_has_no_scenes() {
        let doc = doc("\n\n");
        let scenes = Scenes::detect(&doc, &SceneRules::embedded());
        assert!(scenes.is_empty());
        assert_eq!(scenes.scene_of(0), 0);
    }
}
