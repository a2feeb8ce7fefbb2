# 网站镜像：第一阶段用 Python 校验并生成网站，第二阶段只把生成的静态文件放进 nginx:alpine。
#   docker build -t sme-registry --build-arg SITEURL=https://www.example.gov.cn/sme .   # TODAY 取构建当天（北京时间）
#   docker build -t sme-registry --build-arg SITEURL=… --build-arg TODAY=2026-11-25 .
#   docker run --rm -p 8080:80 sme-registry           # 浏览器打开 http://127.0.0.1:8080/
# 数据有错误时构建失败（与 make html 相同），不会产生带错的镜像。
# 平台状态按 TODAY 计算：镜像需每天重新构建（或改用 make deploy / CI 每日发布）。

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY requirements.txt ./
RUN python -m pip install -r requirements.txt
COPY pelicanconf.py pyproject.toml ./
COPY sme_registry/ sme_registry/
COPY schema/ schema/
COPY theme/ theme/
COPY data/ data/
COPY content/ content/
ARG TODAY=""
# 网站的公开地址（必填，正式发布），例如 --build-arg SITEURL=https://www.example.gov.cn/sme；
# 订阅、sitemap.xml 用它，404 页的 <base href> 取它的路径（/sme/）。
ARG SITEURL=""
# 只在网址路径与 SITEURL 的路径不同时传入，例如 --build-arg BASE_PATH=/sme/
ARG BASE_PATH=""
# The build swaps in a freshly created (mode 0700) folder: open it up for nginx's worker user.
RUN TODAY="${TODAY}" SITEURL="${SITEURL}" BASE_PATH="${BASE_PATH}" \
    python -m sme_registry build --production --src . --output /site \
 && chmod -R a+rX /site

FROM nginx:1.28-alpine
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /site/ /usr/share/nginx/html/
EXPOSE 80
HEALTHCHECK --interval=60s --timeout=5s CMD wget -q -O /dev/null http://127.0.0.1/ || exit 1
