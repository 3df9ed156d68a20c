//! The help overlay's content and geometry, generated from the keymap and
//! the action table so it always shows the keys actually bound. The app uses
//! it to bound scrolling; the UI draws exactly these lines.

use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;

use super::action::{ACTIONS, Action, Group};
use super::keymap::Keymap;
use crate::engine::layout::{AmbiguousWidth, LayoutOptions, cluster_width, layout_paragraph};

/// One row of the help text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A section title.
    Heading(&'static str),
    /// Keys and what they do.
    Binding(String, &'static str),
    /// A blank row between sections.
    Blank,
}

/// Keys that work in lists and prompts; they are not rebindable.
const FIXED: &[(&str, &str)] = &[
    ("Enter", "lists: go to the item; prompts: accept"),
    ("Esc", "close the list or cancel the prompt"),
    ("Up Down", "lists: move the selection (j k too in the bookmark list)"),
    ("typing", "quote list: filter by quote or speaker"),
    ("/ d u", "library: filter; remove (asks first); bring back"),
    ("Left Right", "prompts: move the cursor"),
    ("Backspace Ctrl-u Ctrl-w", "prompts: delete a character, to the start, a word"),
    ("wheel, click", "scroll; focus a paragraph; jump to a scene in the panel"),
];

/// The help text for `keymap`: every action with its keys, by section.
pub fn help_rows(keymap: &Keymap) -> Vec<HelpRow> {
    let mut rows = Vec::new();
    for group in [Group::Move, Group::Quotes, Group::Bookmarks, Group::Search, Group::General, Group::Vertical] {
        if !rows.is_empty() {
            rows.push(HelpRow::Blank);
        }
        rows.push(HelpRow::Heading(group.title()));
        for info in ACTIONS.iter().filter(|i| i.group == group) {
            if let Action::GotoScene(n) = info.action {
                // Nine rows "scene N" say less than one.
                if n == 1 {
                    rows.push(HelpRow::Binding(scene_keys(keymap), "scene N"));
                }
                continue;
            }
            let keys: Vec<String> = keymap.keys_for(info.action).iter().map(ToString::to_string).collect();
            let keys = if keys.is_empty() { "(unbound)".to_owned() } else { keys.join(" ") };
            rows.push(HelpRow::Binding(keys, info.description));
        }
        if group == Group::Vertical {
            // How the moving keys read in vertical text, with the keys bound now.
            // The first key of each, so the keys column stays narrow.
            let keys_of = |actions: &[Action]| -> String {
                let keys: Vec<String> = actions.iter().filter_map(|&a| keymap.hint(a)).collect();
                keys.join(" ")
            };
            rows.push(HelpRow::Binding(
                keys_of(&[Action::LineDown, Action::PageDown, Action::Left]),
                "forward: columns read right to left, the text moves right",
            ));
            rows.push(HelpRow::Binding(keys_of(&[Action::LineUp, Action::PageUp, Action::Right]), "back"));
        }
    }
    rows.push(HelpRow::Blank);
    rows.push(HelpRow::Heading("Lists and prompts"));
    for (keys, what) in FIXED {
        rows.push(HelpRow::Binding((*keys).to_owned(), what));
    }
    rows
}

/// The keys of the nine scene actions: `1-9` when they are the digits,
/// else each action's first key in order.
fn scene_keys(keymap: &Keymap) -> String {
    let firsts: Vec<String> = (1..=9)
        .map(|n| keymap.keys_for(Action::GotoScene(n)).first().map_or("-".into(), ToString::to_string))
        .collect();
    let digits: Vec<String> = (1..=9).map(|n: u8| n.to_string()).collect();
    if firsts == digits { "1-9".to_owned() } else { firsts.join(" ") }
}

/// One drawn row of the help box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// A section title.
    Heading(&'static str),
    /// Keys on their own row (narrow boxes).
    Keys(String),
    /// A description on its own row, under its keys (narrow boxes).
    Description(&'static str),
    /// Keys and description side by side.
    Both(String, &'static str),
    /// More of the description above, in its column.
    More(&'static str),
    /// A blank row.
    Blank,
}

/// Where the help box goes and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpView {
    /// The box, frame included.
    pub rect: Rect,
    /// Its rows, before scrolling.
    pub lines: Vec<HelpLine>,
    /// Width of the keys column (side-by-side layout).
    pub key_col: usize,
    /// The largest useful scroll offset.
    pub max_scroll: usize,
}

/// The help box for `keymap`, centred in `area`. Where the box is too narrow
/// for keys and descriptions side by side, each binding takes two rows.
pub fn help_view(keymap: &Keymap, area: Rect, ambiguous: AmbiguousWidth) -> HelpView {
    let rows = help_rows(keymap);
    let width = area.width.min(72);
    let room = usize::from(width.saturating_sub(4));
    let key_col = rows
        .iter()
        .map(|r| if let HelpRow::Binding(k, _) = r { text_width(k, ambiguous) } else { 0 })
        .max()
        .unwrap_or(0);
    let side_by_side = key_col + 2 + 28 <= room;
    let mut lines = Vec::new();
    for row in rows {
        match row {
            HelpRow::Heading(t) => lines.push(HelpLine::Heading(t)),
            HelpRow::Blank => lines.push(HelpLine::Blank),
            HelpRow::Binding(keys, what) if side_by_side => {
                let mut pieces = wrap(what, room - key_col - 2, ambiguous).into_iter();
                lines.push(HelpLine::Both(keys, pieces.next().unwrap_or("")));
                lines.extend(pieces.map(HelpLine::More));
            }
            HelpRow::Binding(keys, what) => {
                lines.push(HelpLine::Keys(keys));
                lines.extend(wrap(what, room.saturating_sub(2), ambiguous).into_iter().map(HelpLine::Description));
            }
        }
    }
    let height = area.height.min(lines.len() as u16 + 2);
    let rect = Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height);
    let max_scroll = lines.len().saturating_sub(usize::from(height.saturating_sub(2)));
    HelpView { rect, lines, key_col, max_scroll }
}

/// `text` cut into lines of at most `width` cells by the layout engine.
fn wrap(text: &'static str, width: usize, ambiguous: AmbiguousWidth) -> Vec<&'static str> {
    let options = LayoutOptions { ambiguous, ..LayoutOptions::with_width(width.max(1)) };
    layout_paragraph(text, &options).iter().map(|line| &text[line.range()]).collect()
}

fn text_width(text: &str, ambiguous: AmbiguousWidth) -> usize {
    text.graphemes(true).map(|c| cluster_width(c, ambiguous, 0, 1)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn help_lists_every_action_with_its_current_keys() {
        let ks = vec!["x".to_string()];
        let map = Keymap::with_overrides([("quit", ks.as_slice())]).unwrap();
        let rows = help_rows(&map);
        for info in ACTIONS.iter().filter(|i| !matches!(i.action, Action::GotoScene(_))) {
            assert!(
                rows.iter().any(|r| matches!(r, HelpRow::Binding(_, d) if *d == info.description)),
                "{} missing",
                info.name
            );
        }
        assert!(rows.contains(&HelpRow::Binding("1-9".into(), "scene N")));
        assert!(rows.contains(&HelpRow::Binding("x".into(), "quit")));
        assert!(rows.contains(&HelpRow::Binding("j Down Ctrl-e Enter".into(), "scroll down one line")));
    }

    #[test]
    fn narrow_boxes_put_descriptions_under_their_keys() {
        let map = Keymap::defaults();
        let wide = help_view(&map, Rect::new(0, 0, 100, 30), AmbiguousWidth::Narrow);
        let narrow = help_view(&map, Rect::new(0, 0, 40, 30), AmbiguousWidth::Narrow);
        assert!(wide.lines.iter().any(|l| matches!(l, HelpLine::Both(..))));
        assert!(!narrow.lines.iter().any(|l| matches!(l, HelpLine::Both(..))));
        assert!(narrow.lines.len() > wide.lines.len());
        assert_eq!(narrow.max_scroll, narrow.lines.len() - 28);
        assert!(narrow.rect.width <= 40 && wide.rect.width <= 72);
    }

    #[test]
    fn long_descriptions_wrap_instead_of_being_cut() {
        let map = Keymap::defaults();
        for width in [40u16, 60, 68, 80, 120] {
            let view = help_view(&map, Rect::new(0, 0, width, 200), AmbiguousWidth::Narrow);
            let room = usize::from(view.rect.width - 4);
            let mut text = String::new();
            for line in &view.lines {
                let (shown, used) = match line {
                    HelpLine::Both(_, what) => (*what, view.key_col + 2 + text_width(what, AmbiguousWidth::Narrow)),
                    HelpLine::More(what) => (*what, view.key_col + 2 + text_width(what, AmbiguousWidth::Narrow)),
                    HelpLine::Description(what) => (*what, 2 + text_width(what, AmbiguousWidth::Narrow)),
                    _ => ("", 0),
                };
                assert!(used <= room, "width {width}: {line:?} does not fit {room}");
                text.push_str(shown);
                text.push(' ');
            }
            assert!(text.contains("delete a character, to the start, a word"), "width {width}: {text}");
        }
    }
}
