// Stands in for the images and stylesheets that Backstage components import.
module.exports = { __esModule: true, default: 'file-stub' };
