"""Federations, trade associations, enterprises, unions, bureaus and their people."""
