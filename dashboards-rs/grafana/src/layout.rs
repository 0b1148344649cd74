//! Automatic placement on Grafana's 24-column grid.
//!
//! Panels flow left to right and wrap when the next one would pass column 24; a row starts on a line of its
//! own and the panels after it start below it. The tallest panel of a line decides where the next line starts,
//! so panels never overlap.

use serde::{Deserialize, Serialize};

use crate::codegen::{Expr, ToRust};

/// Width of Grafana's grid, in columns.
pub const GRID_COLUMNS: u32 = 24;

/// A panel's place on the grid (`gridPos`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridPos {
    /// Height in grid units (30 px each).
    pub h: u32,
    /// Width in columns, 1–24.
    pub w: u32,
    /// Column of the left edge, 0–23.
    pub x: u32,
    /// Grid line of the top edge.
    pub y: u32,
    /// Whether the panel is pinned (`static`): other panels flow around it.
    #[serde(rename = "static", default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
}

impl ToRust for GridPos {
    fn to_rust(&self) -> Expr {
        let GridPos { h, w, x, y, pinned } = *self;
        let pos = Expr::call(
            Expr::path(module_path!(), "GridPos::new"),
            [x, y, w, h].iter().map(ToRust::to_rust).collect(),
        );
        match pinned {
            None => pos,
            Some(pinned) => pos.then("pinned", vec![pinned.to_rust()]),
        }
    }
}

impl GridPos {
    /// Pinned (`static`) or not: other panels flow around a pinned one.
    pub const fn pinned(mut self, pinned: bool) -> Self {
        self.pinned = Some(pinned);
        self
    }

    /// A `w` × `h` rectangle at column `x`, line `y`.
    pub const fn new(x: u32, y: u32, w: u32, h: u32) -> Self {
        GridPos {
            h,
            w,
            x,
            y,
            pinned: None,
        }
    }

    /// Whether two rectangles share any cell.
    pub fn overlaps(&self, other: &GridPos) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// The builder's placement of a dashboard's rows and panels, top to bottom: panels flow on the dashboard's
/// grid, or on the grid of their own that a collapsed row holds; a hand-placed item keeps its place and the
/// flow continues past it.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    cursor: Cursor,
    /// Collapsed rows' panels are laid out on a grid of their own, shown when the row opens.
    inner: Cursor,
    collapsed: bool,
}

impl Flow {
    /// Places a row header (or keeps `pinned`); the panels after it go under it. A collapsed row's panels are
    /// placed as they would stand were it open, just below it, which is how Grafana saves them.
    pub fn row(&mut self, pinned: Option<GridPos>, collapsed: bool) -> GridPos {
        self.collapsed = collapsed;
        let pos = match pinned {
            Some(pos) => {
                self.cursor.skip_past(&pos);
                pos
            }
            None => self.cursor.row(),
        };
        self.inner = Cursor {
            y: pos.y + pos.h,
            ..Cursor::default()
        };
        pos
    }

    /// Places a `w` × `h` panel (or keeps `pinned`).
    pub fn panel(&mut self, pinned: Option<GridPos>, w: u32, h: u32) -> GridPos {
        let layout = if self.collapsed {
            &mut self.inner
        } else {
            &mut self.cursor
        };
        match pinned {
            Some(pos) => {
                layout.skip_past(&pos);
                pos
            }
            None => layout.place(w, h),
        }
    }

    /// Ends the current row: the next panels are placed on the dashboard's grid.
    pub fn end_row(&mut self) {
        self.collapsed = false;
    }

    /// Whether the panels placed now are folded in a collapsed row (and so off the dashboard's grid).
    pub fn in_collapsed_row(&self) -> bool {
        self.collapsed
    }
}

/// Where the next panel goes.
#[derive(Debug, Clone, Default)]
pub struct Cursor {
    x: u32,
    y: u32,
    line_height: u32,
}

impl Cursor {
    /// Places a `w` × `h` panel, wrapping to a new line when it does not fit on this one.
    pub fn place(&mut self, w: u32, h: u32) -> GridPos {
        let w = w.clamp(1, GRID_COLUMNS);
        if self.x + w > GRID_COLUMNS {
            self.new_line();
        }
        let pos = GridPos::new(self.x, self.y, w, h);
        self.x += w;
        self.line_height = self.line_height.max(h);
        pos
    }

    /// Places a row header: a full-width line of height 1, after which panels start at column 0.
    pub fn row(&mut self) -> GridPos {
        self.new_line();
        let pos = GridPos::new(0, self.y, GRID_COLUMNS, 1);
        self.y += 1;
        pos
    }

    /// Continues after a panel that was placed by hand, so later panels flow below or beside it.
    pub fn skip_past(&mut self, pos: &GridPos) {
        if pos.y > self.y {
            self.new_line();
            self.y = pos.y;
        }
        if pos.y == self.y {
            self.x = (pos.x + pos.w).max(self.x);
            self.line_height = self.line_height.max(pos.h);
        } else {
            // Placed above the current line: make sure the current line clears it.
            self.line_height = self.line_height.max((pos.y + pos.h).saturating_sub(self.y));
        }
    }

    fn new_line(&mut self) {
        if self.x > 0 || self.line_height > 0 {
            self.y += self.line_height;
        }
        self.x = 0;
        self.line_height = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_flow_left_to_right_then_wrap_at_24_columns() {
        let mut c = Cursor::default();
        let a = c.place(12, 8);
        let b = c.place(12, 6);
        let d = c.place(8, 4);
        assert_eq!((a.x, a.y, b.x, b.y), (0, 0, 12, 0));
        assert_eq!(
            (d.x, d.y),
            (0, 8),
            "the tallest panel of the line decides where the next starts"
        );
    }

    #[test]
    fn a_row_resets_the_cursor_to_column_zero_on_a_line_of_its_own() {
        let mut c = Cursor::default();
        c.place(6, 4);
        let row = c.row();
        let next = c.place(6, 4);
        assert_eq!((row.x, row.y, row.w, row.h), (0, 4, 24, 1));
        assert_eq!((next.x, next.y), (0, 5));
    }

    #[test]
    fn a_panel_wider_than_the_grid_is_clamped_to_24_columns() {
        let mut c = Cursor::default();
        assert_eq!(c.place(30, 4).w, 24);
    }

    #[test]
    fn random_layouts_never_exceed_24_columns_or_overlap() {
        // A small deterministic generator: no dependency, same sequence every run.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let mut c = Cursor::default();
            let mut placed: Vec<GridPos> = Vec::new();
            for _ in 0..40 {
                let pos = if next(6) == 0 {
                    c.row()
                } else {
                    c.place(1 + next(24) as u32, 1 + next(10) as u32)
                };
                assert!(pos.x + pos.w <= GRID_COLUMNS, "{pos:?} passes column 24");
                for other in &placed {
                    assert!(!pos.overlaps(other), "{pos:?} overlaps {other:?}");
                }
                placed.push(pos);
            }
        }
    }

    #[test]
    fn flow_continues_after_a_hand_placed_panel() {
        let mut c = Cursor::default();
        let fixed = GridPos::new(0, 0, 10, 6);
        c.skip_past(&fixed);
        let next = c.place(10, 6);
        assert!(!next.overlaps(&fixed));
        assert_eq!((next.x, next.y), (10, 0));
    }

    #[test]
    fn a_collapsed_rows_panels_stand_below_it_as_grafana_saves_them() {
        let mut flow = Flow::default();
        flow.panel(None, 24, 6);
        let row = flow.row(None, true);
        let folded = flow.panel(None, 12, 4);
        assert_eq!((row.y, folded.y), (6, 7));
        flow.end_row();
        let next = flow.panel(None, 12, 4);
        assert_eq!(next.y, 7, "the dashboard's own grid continues below the folded row");
    }
}
