//! Styles and chrome glyphs for one frame, from the theme and the terminal.
//!
//! With `NO_COLOR`, every distinction is still visible through modifiers:
//! quotes underlined, highlights bold, search matches reversed, the selected
//! quote reversed and bold. Chrome glyphs are never East Asian Ambiguous, and
//! box drawing (ambiguous) is used only when ambiguous characters are narrow.

use ratatui::style::{Color, Modifier, Style};

use crate::app::config::Theme;
use crate::engine::layout::AmbiguousWidth;

/// Every style the UI uses.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    /// Body text.
    pub text: Style,
    /// Focus marker in the gutter.
    pub focus: Style,
    /// Bookmark marker in the gutter.
    pub bookmark: Style,
    /// Quoted spans.
    pub quote: Style,
    /// Highlighted spans.
    pub highlight: Style,
    /// Search matches.
    pub matched: Style,
    /// The match `n`/`N` went to.
    pub current_match: Style,
    /// The selected quote.
    pub selected: Style,
    /// Scene titles.
    pub scene: Style,
    /// The status line.
    pub status: Style,
    /// Warnings in the status line.
    pub warning: Style,
    /// Errors in the status line.
    pub error: Style,
    /// Secondary text.
    pub dim: Style,
    /// Overlay frames and headings.
    pub frame: Style,
}

impl Styles {
    /// Styles for `theme`, with or without colour.
    pub fn new(theme: &Theme, color: bool) -> Self {
        let plain = Style::default();
        if !color {
            return Styles {
                text: plain,
                focus: plain.add_modifier(Modifier::BOLD),
                bookmark: plain.add_modifier(Modifier::BOLD),
                quote: plain.add_modifier(Modifier::UNDERLINED),
                highlight: plain.add_modifier(Modifier::BOLD),
                matched: plain.add_modifier(Modifier::REVERSED),
                current_match: plain.add_modifier(Modifier::REVERSED | Modifier::UNDERLINED),
                selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                scene: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                status: plain.add_modifier(Modifier::REVERSED),
                warning: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                error: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                dim: plain,
                frame: plain.add_modifier(Modifier::BOLD),
            };
        }
        Styles {
            text: plain,
            focus: plain.fg(theme.focus).add_modifier(Modifier::BOLD),
            bookmark: plain.fg(theme.bookmark).add_modifier(Modifier::BOLD),
            quote: plain.fg(theme.quote),
            highlight: plain.bg(theme.highlight).fg(Color::Black),
            matched: plain.bg(theme.search).fg(Color::Black),
            current_match: plain.bg(theme.search).fg(Color::Black).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            scene: plain.fg(theme.scene).add_modifier(Modifier::BOLD),
            status: plain.bg(theme.status_bg).fg(theme.status_fg),
            warning: plain.bg(theme.status_bg).fg(Color::LightYellow).add_modifier(Modifier::BOLD),
            error: plain.bg(Color::Red).fg(Color::White).add_modifier(Modifier::BOLD),
            dim: plain.fg(theme.dim),
            frame: plain.fg(theme.scene),
        }
    }
}

/// Glyphs for markers and frames.
#[derive(Debug, Clone, Copy)]
pub struct Glyphs {
    /// Marks the focused paragraph's first line.
    pub focus: &'static str,
    /// Marks the focused paragraph's other lines.
    pub focus_more: &'static str,
    /// Marks a bookmarked paragraph.
    pub bookmark: &'static str,
    /// Marks a scene title row and the current scene in the panel.
    pub scene: &'static str,
    /// Filled part of a progress bar.
    pub bar_full: &'static str,
    /// Empty part of a progress bar.
    pub bar_empty: &'static str,
    /// Vertical separator.
    pub vertical: &'static str,
    /// Horizontal frame line.
    pub horizontal: &'static str,
    /// Frame corners: top-left, top-right, bottom-left, bottom-right.
    pub corners: [&'static str; 4],
}

impl Glyphs {
    /// Glyphs safe for a terminal measuring ambiguous characters as `ambiguous`.
    pub fn for_width(ambiguous: AmbiguousWidth) -> Self {
        // »  U+00BB, ›  U+203A, ⚑  U+2691, ▸  U+25B8, ▰ ▱ U+25B0/1: all
        // neutral or narrow, never ambiguous (checked by a test below).
        let common = Glyphs {
            focus: "»",
            focus_more: "›",
            bookmark: "⚑",
            scene: "▸",
            bar_full: "▰",
            bar_empty: "▱",
            vertical: "│",
            horizontal: "─",
            corners: ["┌", "┐", "└", "┘"],
        };
        match ambiguous {
            AmbiguousWidth::Narrow => common,
            AmbiguousWidth::Wide => Glyphs { vertical: "|", horizontal: "-", corners: ["+", "+", "+", "+"], ..common },
        }
    }
}

#[cfg(test)]
mod tests {
    use unicode_width::UnicodeWidthStr;

    use super::*;

    #[test]
    fn wide_mode_glyphs_are_one_cell_in_both_width_tables() {
        let g = Glyphs::for_width(AmbiguousWidth::Wide);
        let all = [g.focus, g.focus_more, g.bookmark, g.scene, g.bar_full, g.bar_empty, g.vertical, g.horizontal];
        for s in all.iter().chain(g.corners.iter()) {
            assert_eq!((s.width(), s.width_cjk()), (1, 1), "{s:?} is ambiguous");
        }
    }

    #[test]
    fn no_color_still_distinguishes_quotes_highlights_matches_and_selection() {
        let s = Styles::new(&Theme::default(), false);
        let all = [s.text, s.quote, s.highlight, s.matched, s.selected];
        for (i, a) in all.iter().enumerate() {
            assert_eq!(a.fg, None);
            assert_eq!(a.bg, None);
            for b in &all[i + 1..] {
                assert_ne!(a.add_modifier, b.add_modifier);
            }
        }
    }
}
