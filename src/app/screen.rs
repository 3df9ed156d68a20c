//! Where each part of the screen goes, from the terminal size alone.
//!
//! The app needs this (page height, text width, what a click hits) as much
//! as the UI does, so it is computed once here and shared.

use ratatui::layout::Rect;

/// Terminals at least this wide show the scene panel (when it is on).
pub const PANEL_MIN_TERMINAL_WIDTH: u16 = 100;
/// Width of the scene panel, including its one-column separator.
pub const PANEL_WIDTH: u16 = 32;
/// Cells left of the text: the focus marker and the bookmark marker.
pub const GUTTER_WIDTH: u16 = 2;

/// The screen's parts for one terminal size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// The whole terminal.
    pub area: Rect,
    /// The reading area: gutter plus text.
    pub body: Rect,
    /// The scene panel, when shown.
    pub panel: Option<Rect>,
    /// The status line (the last row).
    pub status: Rect,
    /// The terminal is too small for the reader; only a notice is drawn.
    pub too_small: bool,
}

impl Geometry {
    /// Split a `width` × `height` terminal; `panel_wanted` is the user's
    /// panel toggle.
    pub fn new(width: u16, height: u16, panel_wanted: bool) -> Self {
        let area = Rect::new(0, 0, width, height);
        let too_small = width < GUTTER_WIDTH + 2 || height < 2;
        if too_small {
            return Geometry { area, body: Rect::new(0, 0, 0, 0), panel: None, status: area, too_small };
        }
        let status = Rect::new(0, height - 1, width, 1);
        let show_panel = panel_wanted && width >= PANEL_MIN_TERMINAL_WIDTH;
        let panel_width = if show_panel { PANEL_WIDTH } else { 0 };
        let body = Rect::new(0, 0, width - panel_width, height - 1);
        let panel = show_panel.then(|| Rect::new(width - panel_width, 0, panel_width, height - 1));
        Geometry { area, body, panel, status, too_small }
    }

    /// Whether an overlay (help, lists) can be drawn over the body: one that
    /// cannot would take keys unseen, so it is not opened.
    pub fn fits_overlay(&self) -> bool {
        let (w, h) = OVERLAY_MIN;
        !self.too_small && self.body.width >= w && self.body.height >= h
    }

    /// Cells available for text on a line.
    pub fn text_width(&self) -> usize {
        usize::from(self.body.width.saturating_sub(GUTTER_WIDTH)).max(1)
    }

    /// Rows available for text.
    pub fn text_height(&self) -> usize {
        usize::from(self.body.height).max(1)
    }

    /// The first column of text.
    pub fn text_x(&self) -> u16 {
        self.body.x + GUTTER_WIDTH
    }

    /// Rows a vertical column has: the body's, less the marker row at the
    /// top (the focus and bookmark markers stand over the columns).
    pub fn column_rows(&self) -> usize {
        usize::from(self.body.height.saturating_sub(1)).max(1)
    }

    /// The first row of vertical text.
    pub fn column_top(&self) -> u16 {
        self.body.y + u16::from(self.body.height > 1)
    }
}

/// The smallest body (columns, rows) an overlay is drawn in: a frame with
/// one row and a few cells inside.
pub const OVERLAY_MIN: (u16, u16) = (6, 3);

/// Rows the scene panel gives each scene (title, then progress bar).
pub const PANEL_ROWS_PER_SCENE: u16 = 2;
/// Rows at the top of the panel before the first scene (its heading).
pub const PANEL_HEADER_ROWS: u16 = 1;

/// The first scene listed in a panel `height` rows tall, scrolled so that
/// scene `current` is shown.
pub fn panel_first_scene(scene_count: usize, current: usize, height: u16) -> usize {
    let fits = usize::from(height.saturating_sub(PANEL_HEADER_ROWS) / PANEL_ROWS_PER_SCENE).max(1);
    if current < fits { 0 } else { (current + 1 - fits).min(scene_count.saturating_sub(fits)) }
}

/// The scene listed at panel row `row`, if any (for mouse clicks).
pub fn panel_scene_at(row: u16, scene_count: usize, current: usize, height: u16) -> Option<usize> {
    let row = row.checked_sub(PANEL_HEADER_ROWS)?;
    let scene = panel_first_scene(scene_count, current, height) + usize::from(row / PANEL_ROWS_PER_SCENE);
    (scene < scene_count).then_some(scene)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_needs_a_hundred_columns_and_the_toggle() {
        assert!(Geometry::new(100, 30, true).panel.is_some());
        assert!(Geometry::new(99, 30, true).panel.is_none());
        assert!(Geometry::new(120, 30, false).panel.is_none());
        let g = Geometry::new(120, 40, true);
        assert_eq!(g.body.width + g.panel.unwrap().width, 120);
        assert_eq!(g.text_width(), usize::from(120 - PANEL_WIDTH - GUTTER_WIDTH));
        assert_eq!(g.status, Rect::new(0, 39, 120, 1));
    }

    #[test]
    fn the_panel_scrolls_to_keep_the_current_scene_listed() {
        // 11 rows: a heading and five scenes of two rows.
        assert_eq!(panel_first_scene(6, 0, 11), 0);
        assert_eq!(panel_first_scene(6, 4, 11), 0);
        assert_eq!(panel_first_scene(6, 5, 11), 1);
        assert_eq!(panel_first_scene(100, 50, 11), 46);
        assert_eq!(panel_scene_at(0, 6, 0, 11), None);
        assert_eq!(panel_scene_at(1, 6, 0, 11), Some(0));
        assert_eq!(panel_scene_at(4, 6, 0, 11), Some(1));
        assert_eq!(panel_scene_at(3, 6, 5, 11), Some(2));
        assert_eq!(panel_scene_at(10, 3, 0, 11), None);
    }

    #[test]
    fn tiny_terminals_are_too_small_but_seven_by_five_is_not() {
        assert!(Geometry::new(1, 1, true).too_small);
        assert!(Geometry::new(3, 10, true).too_small);
        assert!(Geometry::new(80, 1, true).too_small);
        let g = Geometry::new(7, 5, true);
        assert!(!g.too_small);
        assert_eq!((g.text_width(), g.text_height()), (5, 4));
    }
}
