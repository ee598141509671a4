// Stylesheets imported by components (`import './wallet.css'`) are irrelevant to behaviour under jsdom.
module.exports = {};
