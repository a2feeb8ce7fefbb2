/* Custom widgets and event handlers.

   publicity-end: the 公示 end date is not typed by the clerk. It is the 5th working day
   from publicity_start on the official calendar, looked up in data/editor.json where
   sme_registry.scaffold.publicity_end computed it for every start date (第十三条). */

import React from "react";

const h = React.createElement;

export function publicityEnd(data, start) {
  if (!start) return { end: "", message: "请先填写公示开始日期" };
  if (!Object.prototype.hasOwnProperty.call(data.publicity_end, start)) {
    return { end: "", message: data.calendar_message.split("{year}").join(String(start).slice(0, 4)) };
  }
  const end = data.publicity_end[start];
  if (!end) return { end: "", message: `公示开始日期 ${start} 不是工作日（周末或法定节假日），请选择一个工作日开始公示。` };
  return { end, message: `自 ${start} 起第 ${data.publicity_workdays} 个工作日（第十三条），由系统按工作日历计算。` };
}

function makePublicityEndControl(data) {
  return function PublicityEndControl(props) {
    const start = props.entry.getIn(["data", "publicity_start"]);
    const { end, message } = publicityEnd(data, start);
    React.useEffect(() => {
      if ((props.value || "") !== end) props.onChange(end);
    }, [end]);
    return h("div", { className: props.classNameWrapper, id: props.forID, "data-publicity-end": end || "" },
      h("strong", null, end || "—"), " ", h("span", null, message));
  };
}

function PublicityEndPreview(props) {
  return h("span", null, props.value || "");
}

export function registerWidgets(CMS, data) {
  CMS.registerWidget("publicity-end", makePublicityEndControl(data), PublicityEndPreview);
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const values = entry.get("data");
      if (values.get("type") !== "公示") return values;
      return values.set("publicity_end", publicityEnd(data, values.get("publicity_start")).end);
    },
  });
}
