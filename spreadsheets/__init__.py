"""Spreadsheets for every package: uploaded .xlsx tables read defensively, cells read as people
write them, and .xlsx and CSV files written so that text stays text."""
