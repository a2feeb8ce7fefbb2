"""聊城市中小企业公共服务示范平台名录 — domain code (never imports Pelican)."""
