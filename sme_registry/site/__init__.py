"""The static site: build, exports, charts, the notice sanitiser and the Pelican plugin."""
