//! Automatic placement on Grafana's 24-column grid.
//!
//! Panels flow left to right and wrap when the next one would pass column 24; a row starts on a line of its
//! own and the panels after it start below it. The tallest panel of a line decides where the next line starts,
//! so panels never overlap.

use serde::Serialize;

/// Width of Grafana's grid, in columns.
pub const GRID_COLUMNS: u32 = 24;

/// A panel's place on the grid (`gridPos`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GridPos {
    /// Height in grid units (30 px each).
    pub h: u32,
    /// Width in columns, 1–24.
    pub w: u32,
    /// Column of the left edge, 0–23.
    pub x: u32,
    /// Grid line of the top edge.
    pub y: u32,
}

impl GridPos {
    /// Whether two rectangles share any cell.
    pub fn overlaps(&self, other: &GridPos) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
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
        let pos = GridPos {
            h,
            w,
            x: self.x,
            y: self.y,
        };
        self.x += w;
        self.line_height = self.line_height.max(h);
        pos
    }

    /// Places a row header: a full-width line of height 1, after which panels start at column 0.
    pub fn row(&mut self) -> GridPos {
        self.new_line();
        let pos = GridPos {
            h: 1,
            w: GRID_COLUMNS,
            x: 0,
            y: self.y,
        };
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
        let fixed = GridPos {
            h: 6,
            w: 10,
            x: 0,
            y: 0,
        };
        c.skip_past(&fixed);
        let next = c.place(10, 6);
        assert!(!next.overlaps(&fixed));
        assert_eq!((next.x, next.y), (10, 0));
    }
}
