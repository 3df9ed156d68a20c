//! Properties of the Aozora Bunko parser: any text at all parses without a
//! panic into a valid document whose reading text holds no annotation
//! opener; and a random well-formed structure, written out in the
//! notation, parses back to itself.

use emaki::engine::document::rich::{DotKind, Style};
use emaki::engine::formats::aozora;
use proptest::prelude::*;

/// Pieces of notation and text that random strings are made of: markup
/// characters alone and in the sequences the parser looks for.
const ALPHABET: &[&str] = &[
    "《",
    "》",
    "｜",
    "［",
    "］",
    "＃",
    "※",
    "「",
    "」",
    "、",
    "漢",
    "字",
    "か",
    "な",
    "ｱ",
    "\n",
    "\r\n",
    "\r",
    " ",
    "　",
    "［＃",
    "※［＃",
    "」に傍点］",
    "」は中見出し］",
    "ここから２字下げ］",
    "ここで字下げ終わり］",
    "地付き］",
    "地から三字上げ］",
    "、第3水準1-14-45］",
    "、U+9B90］",
    "、1-1-84］",
    "〔",
    "〕",
    "e'",
    "改ページ］",
    "傍点］",
    "傍点終わり］",
    "大見出し］",
    "大見出し終わり］",
    "」に「",
    "」のルビ］",
    "ルビ付き］",
    "挿絵（a.png）入る］",
    "ページの左右中央］",
    "-----------",
    "底本：",
    "【テキスト中に現れる記号について】",
    "\u{3099}",
    "？",
    "a",
];

fn markup_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_into_a_valid_document(text in markup_soup()) {
        // `parse` builds with `Document::from_parts`, which checks every
        // table against the text: an error here is a table out of place.
        let parsed = aozora::parse(text.clone()).map_err(|e| TestCaseError::fail(format!("{e} for {text:?}")))?;
        let reading = parsed.doc.text();
        prop_assert!(!reading.contains("［＃"), "{:?} gave {:?}", text, reading);
        prop_assert!(!reading.contains('\r'));
        prop_assert!(reading.len() <= text.len(), "the reading text is never longer than the text");
        for ruby in &parsed.doc.rich().ruby {
            prop_assert!(!parsed.doc.reading(ruby).is_empty());
        }
    }
}

/// One piece of a generated line.
#[derive(Debug, Clone)]
enum Piece {
    Plain(String),
    /// `｜base《reading》`.
    Ruby(String, String),
    /// `text［＃「text」に傍点］`.
    Dots(String),
}

/// Text with no markup in it.
fn plain() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(&["あ", "い", "漢", "字", "カ", "ー", "a", "1", "。", "、", "「", "」"][..]),
        1..6,
    )
    .prop_map(|c| c.concat())
}

fn word() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&["あ", "漢", "字", "カ", "ー", "b", "９"][..]), 1..4)
        .prop_map(|c| c.concat())
}

fn reading() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&["か", "な", "ル", "ビ", "ー"][..]), 1..5).prop_map(|c| c.concat())
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        plain().prop_map(Piece::Plain),
        (word(), reading()).prop_map(|(b, r)| Piece::Ruby(b, r)),
        word().prop_map(Piece::Dots),
    ]
}

/// A line: an indent (or none) and its pieces.
fn line() -> impl Strategy<Value = (Option<u8>, Vec<Piece>)> {
    (prop::option::of(1u8..=20), prop::collection::vec(piece(), 1..6))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn well_formed_notation_parses_back_to_its_structure(lines in prop::collection::vec(line(), 1..8)) {
        // A header line and a blank line first, as in every Aozora file.
        let mut notation = String::from("題\n\n");
        let mut reading = String::from("題");
        let mut ruby = Vec::new();
        let mut dots = Vec::new();
        for (indent, pieces) in &lines {
            reading.push('\n');
            if let Some(n) = indent {
                notation.push_str(&format!("［＃{n}字下げ］"));
            }
            for piece in pieces {
                let start = reading.len();
                match piece {
                    Piece::Plain(text) => {
                        notation.push_str(text);
                        reading.push_str(text);
                    }
                    Piece::Ruby(base, r) => {
                        notation.push_str(&format!("｜{base}《{r}》"));
                        reading.push_str(base);
                        ruby.push((start..reading.len(), r.clone()));
                    }
                    Piece::Dots(text) => {
                        notation.push_str(&format!("{text}［＃「{text}」に傍点］"));
                        reading.push_str(text);
                        dots.push(start..reading.len());
                    }
                }
            }
            notation.push('\n');
        }
        let parsed = aozora::parse(notation.clone()).expect("parses");
        prop_assert_eq!(&parsed.unknown, &[]);
        let doc = parsed.doc;
        prop_assert_eq!(doc.text(), reading.as_str(), "from {:?}", notation);
        let got_ruby: Vec<_> = doc.rich().ruby.iter().map(|r| (r.base(), doc.reading(r).to_owned())).collect();
        prop_assert_eq!(got_ruby, ruby);
        let got_dots: Vec<_> = doc.rich().spans.iter().map(|s| (s.range(), s.style)).collect();
        let want_dots: Vec<_> = dots.into_iter().map(|r| (r, Style::Dots(DotKind::Sesame))).collect();
        prop_assert_eq!(got_dots, want_dots);
        for (i, (indent, _)) in lines.iter().enumerate() {
            prop_assert_eq!(doc.block(i + 1).indent, indent.unwrap_or(0));
        }
    }
}
