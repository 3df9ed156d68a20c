//! The status line: scene, position, percent and messages — or the prompt.
//!
//! On narrow terminals parts are dropped in a fixed order: the English title
//! first, then the percent, then the Japanese title; a message is cut last.
//! The time left in the book goes before all of them, and the time left in
//! the scene stays as long as the scene's title fits beside it (titles are
//! shortened for it); when it does not, it goes and the parts above fit as
//! they would without it.

use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::style::Style;

use super::cells::{fill, put_str, text_width, truncate};
use super::style::Styles;
use crate::app::words::time_left;
use crate::app::{App, Mode, Severity};
use crate::engine::layout::{AmbiguousWidth, LayoutOptions, layout_paragraph};

/// What the status line can show, before fitting it to a width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusParts {
    /// Scene number (1-based) and total.
    pub scene: Option<(usize, usize)>,
    /// Japanese (or the document's own) scene title.
    pub title: String,
    /// English scene title.
    pub title_en: Option<String>,
    /// Focused paragraph (1-based) and total.
    pub position: (usize, usize),
    /// The total is not known yet (the document is still being read): it is
    /// shown as `?`, as `less` does, rather than as a count that will change.
    pub partial: bool,
    /// Percent through the document.
    pub percent: u8,
    /// A message to show.
    pub message: Option<String>,
    /// Marks cannot be saved (shown until that changes).
    pub unsaved: bool,
    /// The book's title and author, when the document names them.
    pub book: Option<(String, Option<String>)>,
    /// The time left: in the scene and the book, and in the scene alone.
    pub time_left: Option<(String, String)>,
}

/// Fit `parts` into `width` cells: the left and right texts.
pub fn compose(parts: &StatusParts, width: usize, ambiguous: AmbiguousWidth) -> (String, String) {
    let scene = parts.scene.map(|(n, _)| n.to_string()).unwrap_or_default();
    let (n, m) = parts.position;
    let m = if parts.partial { "?".to_owned() } else { m.to_string() };
    let flag = if parts.unsaved { "not saved  " } else { "" };
    let right_full = format!("{flag}{n}/{m} {:>3}%", parts.percent);
    let right_short = format!("{}{n}/{m}", if parts.unsaved { "! " } else { "" });
    let (time_full, time_scene) = match &parts.time_left {
        Some((full, scene)) => (format!("{full}  {right_full}"), format!("{scene}  {right_full}")),
        None => (right_full.clone(), right_full.clone()),
    };
    let with_title = format!("{scene} {}", parts.title);
    let with_en = match &parts.title_en {
        Some(en) => format!("{with_title}  {en}"),
        None => with_title.clone(),
    };
    // A book's title in 『』 (its author after it) comes first; the English
    // scene title goes first, then the author, then the book's title.
    let (book_full, book_short) = match &parts.book {
        Some((title, Some(author))) => (format!("『{title}』{author}  "), format!("『{title}』 ")),
        Some((title, None)) => (format!("『{title}』 "), format!("『{title}』 ")),
        None => (String::new(), String::new()),
    };
    let book_en = format!("{book_full}{with_en}");
    let book_title = format!("{book_full}{with_title}");
    let short_title = format!("{book_short}{with_title}");
    let candidates = [
        (&book_en, &time_full),
        (&book_en, &time_scene),
        (&book_title, &time_scene),
        (&short_title, &time_scene),
        (&with_en, &time_scene),
        (&with_title, &time_scene),
        (&book_en, &right_full),
        (&book_title, &right_full),
        (&short_title, &right_full),
        (&with_en, &right_full),
        (&with_title, &right_full),
        (&with_title, &right_short),
        (&scene, &right_short),
    ];
    let message = parts.message.as_deref().unwrap_or("");
    let left_of = |left: &str, msg: &str| {
        if msg.is_empty() { format!(" {left}") } else { format!(" {left}  {msg}") }
    };
    for (left, right) in candidates {
        let l = left_of(left, message);
        if text_width(&l, ambiguous) + 2 + text_width(right, ambiguous) < width {
            return (l, format!("{right} "));
        }
    }
    // Nothing fits whole: keep the position, cut the message, then the rest.
    let right = format!("{right_short} ");
    let room = width.saturating_sub(text_width(&right, ambiguous) + 1);
    // A left part cut to nothing but the cut mark says nothing: leave it out.
    let left = if room < 3 { String::new() } else { truncate(&left_of(&scene, message), room, ambiguous) };
    if text_width(&right, ambiguous) > width {
        return (String::new(), truncate(&right, width, ambiguous));
    }
    (left, right)
}

/// Draw the status line (or the prompt) of `app`.
pub fn draw(app: &App, frame: &mut Frame, styles: &Styles) {
    let area = app.geometry().status;
    let ambiguous = app.layout_options().ambiguous;
    fill(frame.buffer_mut(), area.x, area.y, area.width, styles.status);
    if let Mode::Prompt { kind, editor } = app.mode() {
        draw_prompt(frame, area, kind.label(), editor, styles, ambiguous);
        return;
    }
    let width = usize::from(area.width);
    let mut parts = status_parts(app);
    let style = match app.message().map(|m| m.severity) {
        Some(Severity::Error) => styles.error,
        Some(Severity::Warning) => styles.warning,
        _ => styles.status,
    };
    let (mut left, mut right) = compose(&parts, width, ambiguous);
    // A warning or an error too long for the status line gets a box of its
    // own above it, wrapped, so it can be read in full (a confirmation is
    // just cut).
    let serious = app.message().is_some_and(|m| m.severity >= Severity::Warning);
    if serious
        && let Some(message) = parts.message.take()
        && !left.contains(&message)
    {
        draw_message_box(app, frame.buffer_mut(), &message, style, ambiguous);
        (left, right) = compose(&parts, width, ambiguous);
    }
    let buf = frame.buffer_mut();
    let right_width = text_width(&right, ambiguous);
    put_str(buf, area.x, area.y, &left, width.saturating_sub(right_width), style, ambiguous);
    let rx = area.right().saturating_sub(right_width as u16);
    let right_style = if parts.unsaved { styles.warning } else { styles.status };
    put_str(buf, rx, area.y, &right, right_width, right_style, ambiguous);
}

/// The prompt: its label, the text and a visible cursor. When the text is
/// wider than the line, it scrolls so the cursor sits no further than two
/// thirds along, leaving text after the cursor in view.
fn draw_prompt(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    label: &str,
    editor: &crate::app::prompt::LineEditor,
    styles: &Styles,
    ambiguous: AmbiguousWidth,
) {
    let buf = frame.buffer_mut();
    let width = usize::from(area.width);
    let used = put_str(buf, area.x, area.y, label, width, styles.status, ambiguous);
    let room = width.saturating_sub(used + 1);
    let (before, after) = editor.text().split_at(editor.cursor());
    let limit = if text_width(editor.text(), ambiguous) <= room { room } else { room * 2 / 3 };
    let mut start = 0;
    while text_width(&before[start..], ambiguous) > limit {
        start += before[start..].chars().next().map_or(1, char::len_utf8);
    }
    let x = area.x + used as u16;
    let w1 = put_str(buf, x, area.y, &before[start..], room, styles.status, ambiguous);
    let cursor_x = x + w1 as u16;
    put_str(buf, cursor_x, area.y, after, width.saturating_sub(used + w1), styles.status, ambiguous);
    if let Some(cell) = buf.cell_mut((cursor_x, area.y)) {
        cell.set_style(styles.status.add_modifier(ratatui::style::Modifier::REVERSED));
    }
    frame.set_cursor_position(Position { x: cursor_x, y: area.y });
}

/// Most rows a long message may take above the status line.
const MESSAGE_BOX_ROWS: usize = 6;

/// `message`, wrapped by the layout engine, in rows just above the status
/// line (over the text, until the next key).
fn draw_message_box(
    app: &App,
    buf: &mut ratatui::buffer::Buffer,
    message: &str,
    style: Style,
    ambiguous: AmbiguousWidth,
) {
    let status = app.geometry().status;
    let width = usize::from(status.width).saturating_sub(2).max(1);
    let options = LayoutOptions { ambiguous, ..LayoutOptions::with_width(width) };
    let lines = layout_paragraph(message, &options);
    let rows = lines.len().min(MESSAGE_BOX_ROWS).min(usize::from(status.y));
    let top = status.y - rows as u16;
    for (i, line) in lines.iter().take(rows).enumerate() {
        let y = top + i as u16;
        fill(buf, status.x, y, status.width, style);
        put_str(buf, status.x + 1, y, &message[line.range()], width, style, ambiguous);
    }
}

/// Gather what the status line shows from `app`.
pub fn status_parts(app: &App) -> StatusParts {
    let count = app.doc().paragraph_count();
    let mut parts = StatusParts {
        position: (if count == 0 { 0 } else { app.focus() + 1 }, count),
        partial: app.loading().is_some(),
        percent: app.percent(),
        message: app.message().map(|m| m.text.clone()),
        unsaved: app.store_warning().is_some(),
        ..StatusParts::default()
    };
    parts.time_left = app.time_left().map(|t| time_left(t.scene, t.book, app.language()));
    let meta = app.doc().metadata();
    if let Some(title) = &meta.title {
        let author = (!meta.authors.is_empty()).then(|| meta.authors.join("・"));
        parts.book = Some((crate::engine::document::short_title(title, 24), author));
    }
    if let Some(i) = app.current_scene() {
        let scene = &app.scenes().as_slice()[i];
        parts.scene = Some((i + 1, app.scenes().len()));
        parts.title = scene.title.clone();
        parts.title_en = scene.title_en.clone();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> StatusParts {
        StatusParts {
            scene: Some((3, 6)),
            title: "小規模会談".into(),
            title_en: Some("Small talks".into()),
            position: (6, 15),
            percent: 40,
            message: None,
            unsaved: false,
            partial: false,
            book: None,
            time_left: None,
        }
    }

    #[test]
    fn the_total_is_a_question_mark_until_the_whole_document_is_read() {
        let mut p = parts();
        p.partial = true;
        assert_eq!(line(&p, 50), " 3 小規模会談  Small talks               6/?  40% ");
        assert_eq!(line(&p, 10), " 3    6/? ");
    }

    #[test]
    fn unsaved_marks_are_flagged_at_every_width() {
        let mut p = parts();
        p.unsaved = true;
        assert!(line(&p, 60).contains("not saved  6/15"), "{}", line(&p, 60));
        assert!(line(&p, 16).contains("! 6/15"), "{}", line(&p, 16));
    }

    fn line(parts: &StatusParts, width: usize) -> String {
        let (l, r) = compose(parts, width, AmbiguousWidth::Narrow);
        let pad = width.saturating_sub(text_width(&l, AmbiguousWidth::Narrow) + text_width(&r, AmbiguousWidth::Narrow));
        format!("{l}{}{r}", " ".repeat(pad))
    }

    #[test]
    fn wide_terminals_show_everything() {
        assert_eq!(line(&parts(), 50), " 3 小規模会談  Small talks              6/15  40% ");
    }

    #[test]
    fn narrow_terminals_drop_english_then_percent_then_title() {
        assert_eq!(line(&parts(), 28), " 3 小規模会談     6/15  40% ");
        assert_eq!(line(&parts(), 20), " 3 小規模会談  6/15 ");
        assert_eq!(line(&parts(), 10), " 3   6/15 ");
    }

    #[test]
    fn messages_are_kept_before_titles_and_cut_last() {
        let mut p = parts();
        p.message = Some("bookmark added".into());
        assert_eq!(line(&p, 60), " 3 小規模会談  Small talks  bookmark added        6/15  40% ");
        assert_eq!(line(&p, 26), " 3  bookmark added   6/15 ");
        let narrow = line(&p, 16);
        assert!(narrow.ends_with("6/15 ") && narrow.contains('~'), "{narrow:?}");
    }

    #[test]
    fn every_width_fits() {
        let mut p = parts();
        p.message = Some("a much longer message about something that happened".into());
        for w in 0..80 {
            let (l, r) = compose(&p, w, AmbiguousWidth::Narrow);
            assert!(text_width(&l, AmbiguousWidth::Narrow) + text_width(&r, AmbiguousWidth::Narrow) <= w, "width {w}");
        }
    }

    #[test]
    fn the_time_left_in_the_book_goes_first_and_in_the_scene_before_the_percent() {
        let p = StatusParts { time_left: Some(("12 min left · book 3 h".into(), "12 min left".into())), ..parts() };
        let shows = |width: usize, parts: &[&str], not: &[&str]| {
            let l = line(&p, width);
            assert_eq!(text_width(&l, AmbiguousWidth::Narrow), width);
            for part in parts {
                assert!(l.contains(part), "{part:?} at width {width}: {l:?}");
            }
            for part in not {
                assert!(!l.contains(part), "{part:?} at width {width}: {l:?}");
            }
        };
        shows(70, &["Small talks", "12 min left · book 3 h  6/15  40% "], &[]);
        shows(60, &["Small talks", "12 min left  6/15  40% "], &["book"]);
        shows(40, &["3 小規模会談", "12 min left  6/15  40% "], &["Small talks"]);
        shows(28, &["3 小規模会談", "6/15  40% "], &["left"]);
        // No room for the time left even beside the shortest title: the
        // English title comes back where it fits without it.
        let long = "a very, very, very long time left".to_owned();
        let short = StatusParts { time_left: Some((long.clone(), long)), ..parts() };
        let l = line(&short, 50);
        assert!(l.contains("Small talks") && !l.contains("left"), "{l:?}");
        let japanese = StatusParts {
            time_left: Some(("残り約12分・全体約3時間".into(), "残り約12分".into())),
            ..parts()
        };
        assert!(line(&japanese, 80).contains("残り約12分・全体約3時間  6/15  40%"), "{}", line(&japanese, 80));
    }

    #[test]
    fn a_books_title_and_author_come_first_and_go_first() {
        let book = StatusParts { book: Some(("草枕".into(), Some("夏目漱石".into()))), ..parts() };
        let (left, _) = compose(&book, 80, AmbiguousWidth::Narrow);
        assert_eq!(left, " 『草枕』夏目漱石  3 小規模会談  Small talks");
        let (left, _) = compose(&book, 44, AmbiguousWidth::Narrow);
        assert_eq!(left, " 『草枕』夏目漱石  3 小規模会談", "the English title goes first");
        let (left, _) = compose(&book, 36, AmbiguousWidth::Narrow);
        assert_eq!(left, " 『草枕』 3 小規模会談", "then the author");
        let (left, _) = compose(&book, 30, AmbiguousWidth::Narrow);
        assert_eq!(left, " 3 小規模会談");
    }
}
