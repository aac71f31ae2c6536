"""LaTeX to terminal text: inline Unicode and two-dimensional display layout."""
