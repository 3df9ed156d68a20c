//! Everything a reader can ask for, named and described once.
//!
//! [`ACTIONS`] is the single table behind the default keymap, the names used
//! in `config.toml` and the `?` help overlay, so the three cannot drift apart.

/// A bindable reader command. Each variant is listed in [`ACTIONS`] with its
/// config name, help text and default keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Scroll the text down one line.
    LineDown,
    /// Scroll the text up one line.
    LineUp,
    /// Scroll down one screen (keeping one line of context).
    PageDown,
    /// Scroll up one screen (keeping one line of context).
    PageUp,
    /// Scroll down half a screen.
    HalfPageDown,
    /// Scroll up half a screen.
    HalfPageUp,
    /// Go to the start of the document.
    Top,
    /// Go to the end of the document.
    Bottom,
    /// Focus the next paragraph.
    NextParagraph,
    /// Focus the previous paragraph.
    PrevParagraph,
    /// Go to the next scene.
    NextScene,
    /// Go to the previous scene (or the start of this one).
    PrevScene,
    /// Go to scene N (1-based).
    GotoScene(u8),
    /// Open the "go to" prompt: a paragraph number or a percentage.
    GotoPrompt,
    /// Open the "go to" prompt for a percentage only (`%` then `50`, as
    /// `50%` in less and vim).
    PercentPrompt,
    /// Show or hide the scene panel.
    TogglePanel,
    /// Show ruby the next way: above the line, inline, off.
    CycleRuby,
    /// Switch between horizontal and vertical text (縦書き).
    ToggleVertical,
    /// Shorter lines (a narrower measure), kept with the document.
    NarrowerMeasure,
    /// Longer lines (a wider measure, up to the whole width), kept with the
    /// document.
    WiderMeasure,
    /// One line toward the left of the screen: back in horizontal text,
    /// forward (the next column) in vertical text.
    Left,
    /// One line toward the right of the screen: forward in horizontal
    /// text, back (the previous column) in vertical text.
    Right,
    /// Show or hide this help.
    Help,
    /// Close the open overlay, prompt or selection.
    Close,
    /// Quit emaki.
    Quit,
    /// Select the next quote.
    NextQuote,
    /// Select the previous quote.
    PrevQuote,
    /// Highlight the selection (or the selected quote, or the focused
    /// paragraph), or remove it.
    ToggleHighlight,
    /// List every quote.
    QuoteList,
    /// Select the sentence at the focus, or add the next sentence to the
    /// selection.
    SelectSentence,
    /// List the highlights.
    HighlightList,
    /// Add or edit the note of the focused highlight or bookmark.
    EditNote,
    /// Copy the selection (or the selected quote, or the focused paragraph)
    /// to the clipboard.
    Copy,
    /// Bookmark the focused paragraph, or remove its bookmark.
    ToggleBookmark,
    /// List bookmarks.
    BookmarkList,
    /// Go to the next bookmark.
    NextBookmark,
    /// Go to the previous bookmark.
    PrevBookmark,
    /// Search forward.
    Search,
    /// Go to the next search match.
    SearchNext,
    /// Go to the previous search match.
    SearchPrev,
    /// Suspend emaki (resume with `fg`).
    Suspend,
    /// Redraw the whole screen.
    Redraw,
    /// List every document read, to open one where it was left.
    Library,
}

impl Action {
    /// Whether it scrolls the text by lines or screens (reading), as
    /// opposed to jumping somewhere (the reading pace counts only scrolls).
    pub fn is_scroll(self) -> bool {
        matches!(
            self,
            Action::LineDown
                | Action::LineUp
                | Action::PageDown
                | Action::PageUp
                | Action::HalfPageDown
                | Action::HalfPageUp
                | Action::Left
                | Action::Right
        )
    }
}

/// One row of the action table.
#[derive(Debug, Clone, Copy)]
pub struct ActionInfo {
    /// The action.
    pub action: Action,
    /// Its name in `config.toml` (`[keys] line_down = ["j"]`).
    pub name: &'static str,
    /// What it does, for the help overlay.
    pub description: &'static str,
    /// Keys bound to it unless the config says otherwise.
    pub default_keys: &'static [&'static str],
    /// The help overlay's section.
    pub group: Group,
}

/// Sections of the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Scrolling and jumping.
    Move,
    /// Quotes and highlights.
    Quotes,
    /// Bookmarks.
    Bookmarks,
    /// Search.
    Search,
    /// Everything else.
    General,
    /// Vertical text and how keys move through it.
    Vertical,
}

impl Group {
    /// The section title.
    pub fn title(self) -> &'static str {
        match self {
            Group::Move => "Move",
            Group::Quotes => "Quotes",
            Group::Bookmarks => "Bookmarks",
            Group::Search => "Search",
            Group::General => "General",
            Group::Vertical => "Vertical text (縦書き)",
        }
    }
}

macro_rules! info {
    ($action:expr, $name:literal, $group:ident, $desc:literal, [$($key:literal),*]) => {
        ActionInfo { action: $action, name: $name, description: $desc, default_keys: &[$($key),*], group: Group::$group }
    };
}

/// Every bindable action, in help order.
pub const ACTIONS: &[ActionInfo] = &[
    info!(Action::LineDown, "line_down", Move, "scroll down one line", ["j", "Down", "Ctrl-e", "Enter"]),
    info!(Action::LineUp, "line_up", Move, "scroll up one line", ["k", "Up", "Ctrl-y"]),
    info!(Action::PageDown, "page_down", Move, "scroll down one screen", ["Space", "PageDown", "Ctrl-f"]),
    info!(Action::PageUp, "page_up", Move, "scroll up one screen", ["b", "PageUp", "Ctrl-b"]),
    info!(Action::HalfPageDown, "half_page_down", Move, "scroll down half a screen", ["Ctrl-d"]),
    info!(Action::HalfPageUp, "half_page_up", Move, "scroll up half a screen", ["Ctrl-u"]),
    info!(Action::Top, "top", Move, "go to the start", ["g", "Home"]),
    info!(Action::Bottom, "bottom", Move, "go to the end", ["G", "End"]),
    info!(Action::NextParagraph, "next_paragraph", Move, "next paragraph", ["}"]),
    info!(Action::PrevParagraph, "prev_paragraph", Move, "previous paragraph", ["{"]),
    info!(Action::NextScene, "next_scene", Move, "next scene", ["]"]),
    info!(Action::PrevScene, "prev_scene", Move, "previous scene (or start of this one)", ["["]),
    info!(Action::GotoScene(1), "scene_1", Move, "scene 1", ["1"]),
    info!(Action::GotoScene(2), "scene_2", Move, "scene 2", ["2"]),
    info!(Action::GotoScene(3), "scene_3", Move, "scene 3", ["3"]),
    info!(Action::GotoScene(4), "scene_4", Move, "scene 4", ["4"]),
    info!(Action::GotoScene(5), "scene_5", Move, "scene 5", ["5"]),
    info!(Action::GotoScene(6), "scene_6", Move, "scene 6", ["6"]),
    info!(Action::GotoScene(7), "scene_7", Move, "scene 7", ["7"]),
    info!(Action::GotoScene(8), "scene_8", Move, "scene 8", ["8"]),
    info!(Action::GotoScene(9), "scene_9", Move, "scene 9", ["9"]),
    info!(Action::GotoPrompt, "goto", Move, "go to paragraph N (or to N%)", [":"]),
    info!(Action::PercentPrompt, "goto_percent", Move, "go to N% of the document", ["%"]),
    info!(Action::NextQuote, "next_quote", Quotes, "select the next quote", ["Tab"]),
    info!(Action::PrevQuote, "prev_quote", Quotes, "select the previous quote", ["Shift-Tab"]),
    info!(
        Action::ToggleHighlight,
        "toggle_highlight",
        Quotes,
        "highlight selection, quote or paragraph / remove",
        ["h"]
    ),
    info!(Action::QuoteList, "quote_list", Quotes, "list quotes", ["Q"]),
    info!(Action::SelectSentence, "select_sentence", Quotes, "select a sentence / add the next one", ["v"]),
    info!(Action::HighlightList, "highlight_list", Quotes, "list highlights", ["H"]),
    info!(Action::EditNote, "edit_note", Bookmarks, "note on the focused highlight or bookmark", ["a"]),
    info!(Action::Copy, "copy", Quotes, "copy selection, quote or paragraph", ["y"]),
    info!(Action::ToggleBookmark, "toggle_bookmark", Bookmarks, "bookmark paragraph / remove", ["m"]),
    info!(Action::BookmarkList, "bookmark_list", Bookmarks, "list bookmarks", ["B"]),
    info!(Action::NextBookmark, "next_bookmark", Bookmarks, "next bookmark", ["'"]),
    info!(Action::PrevBookmark, "prev_bookmark", Bookmarks, "previous bookmark", ["\""]),
    info!(Action::Search, "search", Search, "search", ["/"]),
    info!(Action::SearchNext, "search_next", Search, "next match", ["n"]),
    info!(Action::SearchPrev, "search_prev", Search, "previous match", ["N"]),
    info!(Action::Library, "library", General, "library: every document read, to reopen", ["L"]),
    info!(Action::TogglePanel, "toggle_panel", General, "show/hide the scene panel", ["t"]),
    info!(Action::CycleRuby, "cycle_ruby", General, "ruby above / inline / off", ["r"]),
    info!(Action::NarrowerMeasure, "narrower_measure", General, "shorter lines (4 characters fewer)", ["-"]),
    info!(Action::WiderMeasure, "wider_measure", General, "longer lines (4 more, up to the width)", ["+", "="]),
    info!(Action::Help, "help", General, "show/hide this help", ["?", "F1"]),
    info!(Action::Close, "close", General, "close overlay, prompt or selection", ["Esc"]),
    info!(Action::Redraw, "redraw", General, "redraw the screen", ["Ctrl-l"]),
    info!(Action::Suspend, "suspend", General, "suspend (resume with fg)", ["Ctrl-z"]),
    info!(Action::Quit, "quit", General, "quit", ["q", "Ctrl-c"]),
    info!(Action::ToggleVertical, "toggle_vertical", Vertical, "vertical (縦書き) / horizontal text", ["T"]),
    info!(Action::Left, "left", Vertical, "vertical: next column; horizontal: one line up", ["Left"]),
    info!(Action::Right, "right", Vertical, "vertical: previous column; horizontal: one line down", ["Right"]),
];

/// The table row of `action`.
pub fn info(action: Action) -> &'static ActionInfo {
    ACTIONS.iter().find(|i| i.action == action).expect("every action is listed in ACTIONS")
}

/// The action with config name `name`.
pub fn by_name(name: &str) -> Option<Action> {
    ACTIONS.iter().find(|i| i.name == name).map(|i| i.action)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_unique_and_resolve() {
        let mut seen = HashSet::new();
        for i in ACTIONS {
            assert!(seen.insert(i.name), "duplicate name {}", i.name);
            assert_eq!(by_name(i.name), Some(i.action));
            assert_eq!(info(i.action).name, i.name);
        }
    }

    #[test]
    fn scene_actions_cover_one_to_nine() {
        for n in 1..=9u8 {
            assert_eq!(info(Action::GotoScene(n)).default_keys, &[n.to_string().leak() as &str]);
        }
    }
}
