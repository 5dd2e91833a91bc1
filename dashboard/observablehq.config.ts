// Tandem's dashboard: an Observable Framework data app, hosted apart from the API.
export default {
  title: "Tandem",
  root: "src",
  pages: [{ name: "Overview", path: "/" }],
  footer: "Tandem — finances for a household of two.",
  search: false,
  // Framework's default theme pulls web fonts from Google; system fonts keep the
  // built site free of third-party requests.
  globalStylesheets: [],
  style: "style.css",
};
